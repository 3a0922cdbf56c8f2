package io.postwire.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

import io.postwire.common.RequestId;

/** Every record the running app logs while this is open: the full text, MDC included, and its request id. */
public final class CapturedLogs extends Handler implements AutoCloseable {

    public record Line(String text, String requestId) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private CapturedLogs() {
    }

    public static CapturedLogs start() {
        CapturedLogs logs = new CapturedLogs();
        Logger.getLogger("").addHandler(logs);
        return logs;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        // Read now: the MDC belongs to the request being served on this thread.
        ExtLogRecord ext = (ExtLogRecord) record;
        StringBuilder text = new StringBuilder()
                .append(ext.getLoggerName()).append(' ')
                .append(ext.getFormattedMessage()).append(' ')
                .append(ext.getMdcCopy());
        if (ext.getThrown() != null) {
            StringWriter trace = new StringWriter();
            ext.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(' ').append(trace);
        }
        lines.add(new Line(text.toString(), ext.getMdc(RequestId.MDC_KEY)));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
