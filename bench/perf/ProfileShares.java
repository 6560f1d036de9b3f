import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Shares of a JFR recording's CPU samples by library: each sample counts for the library of its
 * innermost frame that belongs to one of the groups below (checked in this order), so a sample in
 * Jackson called from Spring MVC counts for Jackson.
 *
 * <p>With {@code --inclusive}, each group's share of samples with any of its frames on the stack
 * (what the group costs with everything it calls), plus the hottest innermost methods.
 *
 * <p>Usage: {@code java bench/perf/ProfileShares.java gateway.jfr}, or
 * {@code java bench/perf/ProfileShares.java --inclusive gateway.jfr}
 */
public class ProfileShares {

    static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();
    static {
        GROUPS.put("logging", List.of("ch.qos.logback.", "org.slf4j.", "dev.intercomgateway.security.AuditLog"));
        GROUPS.put("observations", List.of("io.micrometer.observation.", "ObservationFilterChainDecorator", "Observation"));
        GROUPS.put("meters", List.of("io.micrometer."));
        GROUPS.put("jackson", List.of("tools.jackson.", "com.fasterxml.jackson."));
        GROUPS.put("validation", List.of("org.hibernate.validator."));
        GROUPS.put("spring security", List.of("org.springframework.security."));
        GROUPS.put("reactor netty", List.of("reactor.netty."));
        GROUPS.put("netty", List.of("io.netty."));
        GROUPS.put("reactor", List.of("reactor.core."));
        GROUPS.put("resilience4j", List.of("io.github.resilience4j."));
        GROUPS.put("bucket4j", List.of("io.github.bucket4j."));
        GROUPS.put("gateway", List.of("dev.intercomgateway."));
        GROUPS.put("spring mvc / web", List.of("org.springframework.web.", "org.springframework.http."));
        GROUPS.put("tomcat", List.of("org.apache."));
        GROUPS.put("spring (other)", List.of("org.springframework."));
    }

    public static void main(String[] args) throws IOException {
        if (args[0].equals("--inclusive")) {
            inclusive(Path.of(args[1]));
            return;
        }
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            total++;
            counts.merge(groupOf(event.getStackTrace().getFrames()), 1, Integer::sum);
        }
        System.out.printf("%d samples%n", total);
        int samples = total;
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.printf("%5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }

    static void inclusive(Path recording) throws IOException {
        Map<String, Integer> groups = new TreeMap<>();
        Map<String, Integer> methods = new TreeMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                GROUPS.forEach((group, prefixes) -> {
                    if (prefixes.stream().anyMatch(name::contains)) {
                        seen.add(group);
                    }
                });
                if (name.startsWith("dev.intercomgateway.")) {
                    seen.add("  " + name);
                }
            }
            seen.forEach(group -> groups.merge(group, 1, Integer::sum));
            RecordedFrame top = frames.getFirst();
            methods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
        }
        int samples = total;
        System.out.printf("%d samples; share of samples with the group (or gateway method) anywhere on the stack%n", total);
        groups.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .filter(e -> 100.0 * e.getValue() / samples >= 1.0)
                .forEach(e -> System.out.printf("%5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
        System.out.println("hottest innermost methods");
        methods.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf("%5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }

    static String groupOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
            for (var group : GROUPS.entrySet()) {
                if (group.getValue().stream().anyMatch(name::contains)) {
                    return group.getKey();
                }
            }
        }
        return "jdk / other";
    }
}
