import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.quarkus.elytron.security.common.BcryptUtil;

/**
 * The in-process bcrypt limit the login benchmark is compared with, using the
 * service's own BcryptUtil (run as a single-file program on the jar's classpath).
 *
 *   hash PASSWORD COST          prints a hash of PASSWORD at COST (for the seeded users)
 *   rate COST SECONDS THREADS   prints the checks per second THREADS threads achieve together,
 *                               then the checks per CPU second this process used for them
 */
public class BcryptLimit {

    public static void main(String[] args) throws InterruptedException {
        switch (args[0]) {
            case "hash" -> System.out.println(BcryptUtil.bcryptHash(args[1], Integer.parseInt(args[2])));
            case "rate" -> rate(Integer.parseInt(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("hash PASSWORD COST | rate COST SECONDS THREADS");
        }
    }

    private static void rate(int cost, double seconds, int threads) throws InterruptedException {
        String password = "bench-password";
        String hash = BcryptUtil.bcryptHash(password, cost);
        for (int i = 0; i < 3; i++) {
            BcryptUtil.matches(password, hash); // warm-up: JIT-compile the Blowfish rounds
        }
        LongAdder checks = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(threads);
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                while (running.get()) {
                    BcryptUtil.matches(password, hash);
                    checks.increment();
                }
                done.countDown();
            }).start();
        }
        Thread.sleep((long) (seconds * 1000));
        running.set(false);
        done.await();
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        System.out.printf("%.2f %.2f%n", checks.sum() / ((System.nanoTime() - start) / 1e9), checks.sum() / cpuSeconds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
