package io.postwire.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One scrape of /q/metrics in the Prometheus text format, read as series and values. */
public final class MetricsScrape {

    /** name{labels} value: the labels as Micrometer writes them, sorted by name. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})? (\\S+)$");
    private static final Pattern URI_LABEL = Pattern.compile("uri=\"([^\"]*)\"");

    private final Map<String, Double> samples = new LinkedHashMap<>();
    private final String text;

    private MetricsScrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()) {
                // The simpleclient format ends labels with a comma: {a="1",}
                String labels = sample.group(2) == null ? "" : sample.group(2).replace(",}", "}");
                samples.put(sample.group(1) + labels, Double.parseDouble(sample.group(3)));
            }
        }
    }

    public static MetricsScrape now() {
        return new MetricsScrape(ManagementInterface.given().accept("text/plain").get("/q/metrics")
                .then().statusCode(200).extract().asString());
    }

    /** The value of one series, e.g. {@code postwire_logins_total{outcome="success"}}; fails when absent. */
    public double value(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in the scrape");
        }
        return value;
    }

    /** How far one series has moved since an earlier scrape; fails when absent from either. */
    public double movedSince(MetricsScrape before, String series) {
        return value(series) - before.value(series);
    }

    /** Every value the uri label takes in the scrape. */
    public Set<String> uriLabels() {
        return URI_LABEL.matcher(text).results().map(m -> m.group(1)).collect(Collectors.toSet());
    }

    public Set<String> metricNames() {
        return samples.keySet().stream().map(series -> series.replaceAll("\\{.*", "")).collect(Collectors.toSet());
    }
}
