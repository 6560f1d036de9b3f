import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The read cache benchmark's moving parts (bench/cache.sh runs them), one file, JDK 21+, no build:
 *
 * <ul>
 * <li>{@code standin key=value...}: a dynamic Intercom stand-in (JDK HttpServer). It serves USERS contacts
 * ({@code GET /contacts/{id}}), changes one on {@code PUT /contacts/{id}}, and counts every call it gets. Each contact
 * carries its version: {@code custom_attributes.bench_version}, raised by one on every change, and {@code updated_at}
 * (unix seconds of the last change). {@code POST /_bench/change/{id}} makes a change "elsewhere" (as Intercom's inbox
 * would) and posts the signed {@code contact.user.updated} notification with the new object to the gateway's
 * {@code /webhooks/intercom}; it answers {@code version=<n> status=<intake's status> accepted_us=<wall clock, µs, when
 * the intake's answer arrived>}. {@code GET /_bench/counts} answers {@code get=<n> put=<n> me=<n> other=<n>};
 * {@code GET /_bench/counts/{id}} the GETs of one contact. Contacts past USERS (ids for the burst) answer after
 * BURST_DELAY_MS, so that concurrent reads of one of them overlap its Intercom call.</li>
 * <li>{@code zipf key=value...}: the mixed workload through the gateway, closed loop: reads of a Zipf-distributed user
 * ({@code GET /api/v1/users/{id}}, a share through {@code GET /intercom/contacts/{id}}), writes through the gateway
 * ({@code PATCH /api/v1/users/{id}}) and changes elsewhere (announced by webhook). Knows the version each user must
 * have at least: after a write's answer, the version it answered; from 1 s after a webhook was accepted, the version it
 * announced. A read started after that and answering an older version is stale. Prints one raw line.</li>
 * <li>{@code burst key=value...}: CONCURRENT reads at once of one user never read before, TRIALS times; prints the
 * stand-in's calls for it per trial.</li>
 * <li>{@code report <raw.txt>}: the Markdown tables and targets.</li>
 * </ul>
 */
public class CacheBench {

    static final String ID_PREFIX = "6762f0d0";
    static final long CREATED = 1_734_537_424L;
    static final Pattern VERSION = Pattern.compile("\"bench_version\":(\\d+)");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq > 0) {
                options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            }
        }
        switch (args[0]) {
            case "standin" -> new StandIn(options).run();
            case "zipf" -> new Zipf(options).run();
            case "burst" -> burst(options);
            case "report" -> report(Path.of(args[1]));
            default -> throw new IllegalArgumentException("mode: standin | zipf | burst | report");
        }
    }

    /** The id of user n (1-based): 24 hex digits, as Intercom's. */
    static String id(int n) {
        return ID_PREFIX + "%016x".formatted(n);
    }

    /** n of an id made by {@link #id}, or -1. */
    static int number(String id) {
        if (id.length() != 24 || !id.startsWith(ID_PREFIX)) {
            return -1;
        }
        try {
            return (int) Long.parseLong(id.substring(8), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    static long version(String body) {
        Matcher m = VERSION.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String option(Map<String, String> options, String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    // ------------------------------------------------------------------------------------------------ stand-in

    static final class StandIn {
        final int users;
        final int burstIds;
        final long burstDelayMs;
        final byte[] secret;
        final URI intake;
        final AtomicLongArray versions;
        final AtomicLongArray updatedAt;
        final AtomicIntegerArray gets;
        final LongAdder getCount = new LongAdder(), putCount = new LongAdder(), meCount = new LongAdder(), otherCount = new LongAdder();
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        final int port;

        StandIn(Map<String, String> o) {
            users = Integer.parseInt(option(o, "users", "10000"));
            burstIds = Integer.parseInt(option(o, "burst-ids", "100"));
            burstDelayMs = Long.parseLong(option(o, "burst-delay-ms", "200"));
            secret = option(o, "secret", "bench-webhook-secret").getBytes(StandardCharsets.UTF_8);
            intake = URI.create(option(o, "intake", "http://127.0.0.1:18280/webhooks/intercom"));
            port = Integer.parseInt(option(o, "port", "18200"));
            int size = users + burstIds + 1;
            versions = new AtomicLongArray(size);
            updatedAt = new AtomicLongArray(size);
            gets = new AtomicIntegerArray(size);
            for (int n = 1; n < size; n++) {
                versions.set(n, 1);
                updatedAt.set(n, CREATED + n);
            }
        }

        void run() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
            System.out.printf("stand-in on 127.0.0.1:%d: %d users, %d burst ids (%d ms)%n", port, users, burstIds, burstDelayMs);
        }

        void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String method = exchange.getRequestMethod();
                String path = exchange.getRequestURI().getPath();
                if (path.startsWith("/_bench/")) {
                    control(exchange, method, path);
                    return;
                }
                exchange.getResponseHeaders().add("X-RateLimit-Limit", "100000000");
                exchange.getResponseHeaders().add("X-RateLimit-Remaining", "99999999");
                exchange.getResponseHeaders().add("X-RateLimit-Reset", "4102444800");
                if (path.equals("/me")) {
                    meCount.increment();
                    send(exchange, 200, """
                            {"type":"admin","id":"991267645","name":"Bench Admin","email":"admin@example.com",\
                            "app":{"type":"app","id_code":"ecahpwf5","name":"Bench workspace","region":"US"}}""");
                    return;
                }
                int n = path.startsWith("/contacts/") ? number(path.substring("/contacts/".length())) : -1;
                if (n < 1 || n >= versions.length()) {
                    otherCount.increment();
                    send(exchange, 404, """
                            {"type":"error.list","request_id":"bench","errors":[{"code":"not_found","message":"Resource Not Found"}]}""");
                    return;
                }
                if (method.equals("GET")) {
                    getCount.increment();
                    gets.incrementAndGet(n);
                    if (n > users) {
                        Thread.sleep(burstDelayMs);
                    }
                    send(exchange, 200, contact(n));
                } else if (method.equals("PUT")) {
                    putCount.increment();
                    send(exchange, 200, change(n));
                } else {
                    otherCount.increment();
                    send(exchange, 405, "{\"type\":\"error.list\",\"errors\":[{\"code\":\"method_not_allowed\",\"message\":\"no\"}]}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void control(HttpExchange exchange, String method, String path) throws IOException, InterruptedException {
            if (path.equals("/_bench/counts")) {
                send(exchange, 200, "get=%d put=%d me=%d other=%d".formatted(getCount.sum(), putCount.sum(), meCount.sum(), otherCount.sum()));
            } else if (path.startsWith("/_bench/counts/")) {
                send(exchange, 200, Integer.toString(gets.get(number(path.substring("/_bench/counts/".length())))));
            } else if (path.equals("/_bench/sink")) {
                send(exchange, 200, "");
            } else if (path.startsWith("/_bench/change/") && method.equals("POST")) {
                int n = number(path.substring("/_bench/change/".length()));
                String item = change(n);
                long version = version(item);
                int status = postNotification(item);
                send(exchange, 200, "version=%d status=%d accepted_us=%d".formatted(version, status, nowMicros()));
            } else {
                send(exchange, 404, "unknown");
            }
        }

        /** Raises n's version and updated_at; answers the contact as it now is. */
        String change(int n) {
            synchronized (this) {
                versions.incrementAndGet(n);
                updatedAt.set(n, Math.max(updatedAt.get(n), Instant.now().getEpochSecond()));
                return contact(n);
            }
        }

        int postNotification(String item) throws IOException, InterruptedException {
            long now = Instant.now().getEpochSecond();
            String body = """
                    {"type":"notification_event","app_id":"ecahpwf5","data":{"type":"notification_event_data","item":%s},\
                    "links":{},"id":"notif_%s","topic":"contact.user.updated","delivery_status":"pending","delivery_attempts":1,\
                    "delivered_at":0,"first_sent_at":%d,"created_at":%d,"self":null}""".formatted(item, UUID.randomUUID(), now, now);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(intake).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-Hub-Signature", "sha1=" + hmac(bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode();
        }

        String hmac(byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(secret, "HmacSHA1"));
                return HexFormat.of().formatHex(mac.doFinal(body));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String contact(int n) {
            long version;
            long updated;
            synchronized (this) {
                version = versions.get(n);
                updated = updatedAt.get(n);
            }
            String id = id(n);
            String list = "{\"type\":\"list\",\"data\":[],\"url\":\"/contacts/%s/%s\",\"total_count\":0,\"has_more\":false}";
            return ("""
                    {"type":"contact","id":"%s","workspace_id":"ecahpwf5","external_id":"ext-%d","role":"user",\
                    "email":"user%d@example.com","phone":null,"name":"User %d","avatar":null,"owner_id":null,\
                    "social_profiles":{"type":"list","data":[]},"has_hard_bounced":false,"marked_email_as_spam":false,\
                    "unsubscribed_from_emails":false,"created_at":%d,"updated_at":%d,"signed_up_at":%d,"last_seen_at":null,\
                    "last_replied_at":null,"last_contacted_at":null,"last_email_opened_at":null,"last_email_clicked_at":null,\
                    "language_override":null,"browser":"chrome","browser_version":"131.0","browser_language":"en","os":"Linux",\
                    "location":{"type":"location","country":"Ireland","region":"Dublin","city":"Dublin","country_code":"IRL","continent_code":"EU"},\
                    "android_app_name":null,"android_app_version":null,"android_device":null,"android_os_version":null,\
                    "android_sdk_version":null,"android_last_seen_at":null,"ios_app_name":null,"ios_app_version":null,\
                    "ios_device":null,"ios_os_version":null,"ios_sdk_version":null,"ios_last_seen_at":null,\
                    "custom_attributes":{"plan":"pro","bench_version":%d},"tags":%s,"notes":%s,"companies":%s,\
                    "opted_out_subscription_types":%s,"opted_in_subscription_types":%s,"utm_campaign":null,"utm_content":null,\
                    "utm_medium":null,"utm_source":null,"utm_term":null,"referrer":null,"enabled_push_messaging":null}""")
                    .formatted(id, n, n, n, CREATED, updated, CREATED, version,
                            list.formatted(id, "tags"), list.formatted(id, "notes"), list.formatted(id, "companies"),
                            list.formatted(id, "subscriptions"), list.formatted(id, "subscriptions"));
        }

        static void send(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ driver

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static Map<String, Long> counts(HttpClient http, String standIn) throws IOException, InterruptedException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String pair : get(http, standIn + "/_bench/counts").split(" ")) {
            String[] kv = pair.split("=");
            counts.put(kv[0], Long.parseLong(kv[1]));
        }
        return counts;
    }

    /** Acknowledged versions of one user: (time in µs, version) pairs, of writes or of webhooks. */
    static final class Acks {
        private long[] times = new long[4];
        private long[] versions = new long[4];
        private int size;

        synchronized void add(long time, long version) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                versions = Arrays.copyOf(versions, size * 2);
            }
            times[size] = time;
            versions[size++] = version;
        }

        /** The highest version acknowledged before {@code time}, or 0. */
        synchronized long before(long time) {
            long max = 0;
            for (int i = 0; i < size; i++) {
                if (times[i] < time && versions[i] > max) {
                    max = versions[i];
                }
            }
            return max;
        }
    }

    static final class Zipf {
        final String gateway, standIn, key;
        final int users, concurrency;
        final double seconds, warmupSeconds, writeShare, webhookShare, passthroughShare, exponent;
        final long graceMicros;
        final boolean prefill;
        final String writeTarget;
        final double[] cdf;
        final Acks[] writes, webhooks;
        final HttpClient http = client();

        final LongAdder reads = new LongAdder(), apiReads = new LongAdder(), passthroughReads = new LongAdder(), writesDone = new LongAdder(),
                changes = new LongAdder(), changesRefused = new LongAdder(), non2xx = new LongAdder(), errors = new LongAdder(),
                staleAfterWrite = new LongAdder(), staleAfterWebhook = new LongAdder(), staleWithinGrace = new LongAdder(),
                noVersion = new LongAdder();
        final Map<String, LongAdder> cacheStatus = new ConcurrentHashMap<>();
        final List<String> staleExamples = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<long[]> latencies = java.util.Collections.synchronizedList(new ArrayList<>());

        Zipf(Map<String, String> o) {
            gateway = option(o, "gateway", "http://127.0.0.1:18280");
            standIn = option(o, "standin", "http://127.0.0.1:18200");
            key = option(o, "key", "");
            users = Integer.parseInt(option(o, "users", "10000"));
            concurrency = Integer.parseInt(option(o, "concurrency", "32"));
            seconds = Double.parseDouble(option(o, "seconds", "60"));
            warmupSeconds = Double.parseDouble(option(o, "warmup-seconds", "20"));
            writeShare = Double.parseDouble(option(o, "write-share", "0.01"));
            webhookShare = Double.parseDouble(option(o, "webhook-share", "0.01"));
            passthroughShare = Double.parseDouble(option(o, "passthrough-share", "0.2"));
            exponent = Double.parseDouble(option(o, "zipf-exponent", "1.0"));
            graceMicros = Long.parseLong(option(o, "webhook-grace-ms", "1000")) * 1000;
            prefill = Boolean.parseBoolean(option(o, "prefill", "true"));
            // writeTarget=standin sends the writes straight to the stand-in, past the gateway and its cache: a check that
            // the stale read detector finds what a cache that is not told of a write serves (it must count stale reads)
            writeTarget = option(o, "write-target", "gateway");
            cdf = new double[users];
            double sum = 0;
            for (int r = 0; r < users; r++) {
                sum += 1 / Math.pow(r + 1, exponent);
                cdf[r] = sum;
            }
            for (int r = 0; r < users; r++) {
                cdf[r] /= sum;
            }
            writes = new Acks[users + 1];
            webhooks = new Acks[users + 1];
            for (int n = 1; n <= users; n++) {
                writes[n] = new Acks();
                webhooks[n] = new Acks();
            }
        }

        int pick() {
            int r = Arrays.binarySearch(cdf, ThreadLocalRandom.current().nextDouble());
            return (r < 0 ? -r - 1 : r) + 1;   // rank 1 is user 1, the most read
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Accept", "application/json");
        }

        void run() throws Exception {
            long prefillStart = System.nanoTime();
            Map<String, Long> beforePrefill = counts(http, standIn);
            if (prefill) {
                // every user read once, so that the measured window sees the steady state rather than the cache filling up
                AtomicLong next = new AtomicLong(1);
                runThreads(() -> {
                    for (long n; (n = next.getAndIncrement()) <= users; ) {
                        read((int) n, false);
                    }
                });
            }
            Map<String, Long> afterPrefill = counts(http, standIn);
            double prefillSeconds = (System.nanoTime() - prefillStart) / 1e9;
            long prefillFailed = non2xx.sum() + errors.sum() + noVersion.sum();
            mixed(warmupSeconds);
            resetFigures();
            Map<String, Long> before = counts(http, standIn);
            long start = System.nanoTime();
            mixed(seconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            Map<String, Long> after = counts(http, standIn);
            long gets = after.get("get") - before.get("get"), puts = after.get("put") - before.get("put"),
                    me = after.get("me") - before.get("me"), other = after.get("other") - before.get("other");
            long calls = gets + puts + me + other;
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter(l -> l > 0).sorted().toArray();
            StringBuilder statuses = new StringBuilder();
            cacheStatus.forEach((k, v) -> statuses.append(" cache_").append(k).append('=').append(v.sum()));
            System.out.printf(Locale.ROOT, "zipf service users=%d exponent=%.2f concurrency=%d seconds=%.3f reads=%d api_reads=%d passthrough_reads=%d "
                            + "reads_per_s=%.1f writes=%d changes=%d changes_refused=%d intercom_calls=%d intercom_gets=%d intercom_puts=%d "
                            + "intercom_me=%d intercom_other=%d calls_per_1k_reads=%.2f stale_after_write=%d stale_after_webhook=%d "
                            + "stale_within_grace=%d no_version=%d errors=%d non2xx=%d p50_us=%d p99_us=%d%s prefill_calls=%d prefill_failed=%d prefill_seconds=%.2f "
                            + "write_target=%s%n",
                    users, exponent, concurrency, elapsed, reads.sum(), apiReads.sum(), passthroughReads.sum(), reads.sum() / elapsed,
                    writesDone.sum(), changes.sum(), changesRefused.sum(), calls, gets, puts, me, other, calls * 1000.0 / Math.max(1, reads.sum()),
                    staleAfterWrite.sum(), staleAfterWebhook.sum(), staleWithinGrace.sum(), noVersion.sum(), errors.sum(), non2xx.sum(),
                    percentile(all, 50), percentile(all, 99), statuses,
                    afterPrefill.get("get") - beforePrefill.get("get"), prefillFailed, prefillSeconds, writeTarget);
            staleExamples.stream().limit(10).forEach(e -> System.err.println("stale: " + e));
        }

        void resetFigures() {
            for (LongAdder a : List.of(reads, apiReads, passthroughReads, writesDone, changes, changesRefused, non2xx, errors, staleAfterWrite,
                    staleAfterWebhook, staleWithinGrace, noVersion)) {
                a.reset();
            }
            cacheStatus.clear();
            latencies.clear();
            staleExamples.clear();
        }

        static long percentile(long[] sorted, double p) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
        }

        void mixed(double forSeconds) throws InterruptedException {
            long deadline = System.nanoTime() + (long) (forSeconds * 1e9);
            runThreads(() -> {
                long[] mine = new long[1 << 16];
                int count = 0;
                while (System.nanoTime() < deadline) {
                    double p = ThreadLocalRandom.current().nextDouble();
                    int n = pick();
                    if (p < writeShare) {
                        write(n);
                    } else if (p < writeShare + webhookShare) {
                        changeElsewhere(n);
                    } else {
                        long t0 = System.nanoTime();
                        read(n, ThreadLocalRandom.current().nextDouble() < passthroughShare);
                        if (count == mine.length) {
                            latencies.add(mine);
                            mine = new long[mine.length];
                            count = 0;
                        }
                        mine[count++] = (System.nanoTime() - t0) / 1000;
                    }
                }
                latencies.add(Arrays.copyOf(mine, count));
            });
        }

        void runThreads(Runnable body) throws InterruptedException {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                threads.add(Thread.ofVirtual().start(body));
            }
            for (Thread t : threads) {
                t.join();
            }
        }

        void read(int n, boolean passthrough) {
            String path = passthrough ? "/intercom/contacts/" + id(n) : "/api/v1/users/" + id(n);
            long start = nowMicros();
            try {
                HttpResponse<String> answer = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
                reads.increment();
                (passthrough ? passthroughReads : apiReads).increment();
                if (answer.statusCode() != 200) {
                    non2xx.increment();
                    return;
                }
                String status = answer.headers().firstValue("Cache-Status").orElse("none");
                String outcome = status.contains("collapsed") ? "collapsed" : status.contains("hit") ? "hit"
                        : status.contains("fwd=miss") ? "miss" : status.contains("fwd=") ? "other" : "none";
                cacheStatus.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                long version = version(answer.body());
                if (version < 0) {
                    noVersion.increment();
                    return;
                }
                long written = writes[n].before(start);
                long announced = webhooks[n].before(start - graceMicros);
                if (version < written) {
                    staleAfterWrite.increment();
                    staleExamples.add("after write: %s got v%d, v%d acknowledged before the read began (%s)".formatted(path, version, written, status));
                } else if (version < announced) {
                    staleAfterWebhook.increment();
                    staleExamples.add("after webhook: %s got v%d, v%d accepted over %d ms before the read began (%s)"
                            .formatted(path, version, announced, graceMicros / 1000, status));
                } else if (version < webhooks[n].before(start)) {
                    staleWithinGrace.increment();
                }
            } catch (IOException e) {
                errors.increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void write(int n) {
            String body = "{\"custom_attributes\":{\"bench_note\":\"w%d\"}}".formatted(ThreadLocalRandom.current().nextInt(1_000_000));
            try {
                HttpRequest.Builder builder = writeTarget.equals("standin")
                        ? HttpRequest.newBuilder(URI.create(standIn + "/contacts/" + id(n))).method("PUT", HttpRequest.BodyPublishers.ofString(body))
                        : request("/api/v1/users/" + id(n)).method("PATCH", HttpRequest.BodyPublishers.ofString(body));
                HttpResponse<String> answer = http.send(builder.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                long acknowledged = nowMicros();
                if (answer.statusCode() != 200) {
                    non2xx.increment();
                    return;
                }
                writes[n].add(acknowledged, version(answer.body()));
                writesDone.increment();
            } catch (IOException e) {
                errors.increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void changeElsewhere(int n) {
            try {
                String answer = http.send(HttpRequest.newBuilder(URI.create(standIn + "/_bench/change/" + id(n))).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
                Map<String, Long> values = new LinkedHashMap<>();
                for (String pair : answer.split(" ")) {
                    String[] kv = pair.split("=");
                    values.put(kv[0], Long.parseLong(kv[1]));
                }
                changes.increment();
                if (values.get("status") / 100 == 2) {
                    webhooks[n].add(values.get("accepted_us"), values.get("version"));
                } else {
                    changesRefused.increment();
                }
            } catch (IOException e) {
                errors.increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ burst

    static void burst(Map<String, String> o) throws Exception {
        String gateway = option(o, "gateway", "http://127.0.0.1:18280");
        String standIn = option(o, "standin", "http://127.0.0.1:18200");
        String key = option(o, "key", "");
        int users = Integer.parseInt(option(o, "users", "10000"));
        int concurrent = Integer.parseInt(option(o, "concurrent", "100"));
        int trials = Integer.parseInt(option(o, "trials", "3"));
        HttpClient http = client();
        for (int trial = 1; trial <= trials; trial++) {
            String id = id(users + trial);
            long before = Long.parseLong(get(http, standIn + "/_bench/counts/" + id));
            CountDownLatch go = new CountDownLatch(1);
            Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
            LongAdder ok = new LongAdder();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/users/" + id))
                                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() == 200) {
                            ok.increment();
                        }
                        String status = answer.headers().firstValue("Cache-Status").orElse("none");
                        String outcome = status.contains("collapsed") ? "collapsed" : status.contains("hit") ? "hit"
                                : status.contains("fwd=miss") ? "miss" : "other";
                        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                    } catch (IOException e) {
                        outcomes.computeIfAbsent("error", k -> new LongAdder()).increment();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            long calls = Long.parseLong(get(http, standIn + "/_bench/counts/" + id)) - before;
            StringBuilder line = new StringBuilder("burst service trial=%d concurrent=%d ok=%d intercom_calls=%d".formatted(trial, concurrent, ok.sum(), calls));
            outcomes.forEach((k, v) -> line.append(" cache_").append(k).append('=').append(v.sum()));
            System.out.println(line);
        }
    }

    // ------------------------------------------------------------------------------------------------ report

    record Line(String scenario, String target, String phase, Map<String, String> values) {
        double d(String key) {
            return Double.parseDouble(values.getOrDefault(key, "NaN"));
        }
    }

    static void report(Path raw) throws IOException {
        List<Line> lines = new ArrayList<>();
        StringBuilder md = new StringBuilder();
        for (String text : Files.readAllLines(raw)) {
            if (text.startsWith("machine:") || text.startsWith("tools:") || text.startsWith("settings:") || text.startsWith("load:")) {
                md.append("- ").append(text).append('\n');
                continue;
            }
            String[] words = text.split(" ");
            Map<String, String> values = new LinkedHashMap<>();
            for (String word : words) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    values.put(word.substring(0, eq), word.substring(eq + 1));
                }
            }
            if (words.length >= 3) {
                lines.add(new Line(words[0], words[1], words[2], values));
            }
        }
        Line zipf = lines.stream().filter(l -> l.scenario().equals("zipf")).findFirst().orElse(null);
        List<Line> bursts = lines.stream().filter(l -> l.scenario().equals("burst")).toList();
        Line hits = find(lines, "hits", "service");
        Line scg = find(lines, "hits", "scg");

        if (zipf != null) {
            md.append("\n### Zipf reads with writes and webhooks\n\n| figure | value |\n|---|---:|\n");
            for (String k : List.of("users", "exponent", "concurrency", "seconds", "reads", "api_reads", "passthrough_reads", "reads_per_s", "writes",
                    "changes", "changes_refused", "intercom_calls", "intercom_gets", "intercom_puts", "intercom_me", "calls_per_1k_reads",
                    "stale_after_write", "stale_after_webhook", "stale_within_grace", "cache_hit", "cache_miss", "cache_collapsed", "cache_other",
                    "no_version", "errors", "non2xx", "p50_us", "p99_us", "prefill_calls", "prefill_failed", "prefill_seconds", "write_target")) {
                if (zipf.values().containsKey(k)) {
                    md.append("| ").append(k).append(" | ").append(zipf.values().get(k)).append(" |\n");
                }
            }
        }
        if (!bursts.isEmpty()) {
            md.append("\n### Concurrent reads of one uncached id\n\n| trial | reads | 200 | Intercom calls | outcomes |\n|---:|---:|---:|---:|---|\n");
            for (Line b : bursts) {
                StringBuilder outcomes = new StringBuilder();
                b.values().forEach((k, v) -> {
                    if (k.startsWith("cache_")) {
                        outcomes.append(k.substring(6)).append(' ').append(v).append(' ');
                    }
                });
                md.append("| %s | %s | %s | %s | %s|\n".formatted(b.values().get("trial"), b.values().get("concurrent"), b.values().get("ok"),
                        b.values().get("intercom_calls"), outcomes));
            }
        }
        if (hits != null && scg != null) {
            md.append("\n### Cache hits beside Spring Cloud Gateway's pass-through (GET user by id, closed loop)\n\n"
                    + "| target | throughput (req/s) | p50 (ms) | p99 (ms) | CPU ms / request | RSS (MiB) | stand-in calls | errors + non-2xx |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Line l : List.of(hits, scg)) {
                md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.3f | %.0f | %s | %.0f |\n",
                        l.target().equals("scg") ? "Spring Cloud Gateway (pass-through)" : "this service (cache hits)", l.d("rps"),
                        l.d("p50_us") / 1000, l.d("p99_us") / 1000, l.d("cpu_ticks") * 1000 / l.d("clk_tck") / l.d("requests"), l.d("rss_kib") / 1024,
                        l.values().getOrDefault("upstream_calls", ""), l.d("errors") + l.d("non2xx")));
            }
        }

        md.append("\n### Targets\n\n");
        if (zipf != null && "standin".equals(zipf.values().get("write_target"))) {
            md.append("**A check of the stale read detector (CHECK_DETECTOR=1), not a benchmark:** the writes went straight to the stand-in "
                    + "and its webhooks to a sink, so the gateway heard of no change. The freshness rows must read **no**.\n\n");
        }
        md.append("| target | measured | met |\n|---|---|---|\n");
        if (zipf != null) {
            boolean clean = zipf.d("errors") + zipf.d("non2xx") + zipf.d("no_version") + zipf.d("changes_refused") == 0;
            String dirty = clean ? "" : " (errors %.0f, non-2xx %.0f, without version %.0f, webhooks refused %.0f)".formatted(
                    zipf.d("errors"), zipf.d("non2xx"), zipf.d("no_version"), zipf.d("changes_refused"));
            md.append(row("Zipf reads, 1% writes, webhooks on: Intercom calls per 1,000 reads <= 50",
                    "%.1f (%s calls, %s reads, %.0f reads/s)%s".formatted(zipf.d("calls_per_1k_reads"), zipf.values().get("intercom_calls"),
                            zipf.values().get("reads"), zipf.d("reads_per_s"), dirty), zipf.d("calls_per_1k_reads") <= 50 && clean));
            md.append(row("stale reads after a write through the gateway = 0", "%s (after %s writes)".formatted(zipf.values().get("stale_after_write"),
                    zipf.values().get("writes")), zipf.d("stale_after_write") == 0 && zipf.d("writes") > 0));
            md.append(row("stale reads later than 1 s after a webhook was accepted = 0", "%s (after %s webhooks; %s within 1 s)".formatted(
                    zipf.values().get("stale_after_webhook"), zipf.values().get("changes"), zipf.values().get("stale_within_grace")),
                    zipf.d("stale_after_webhook") == 0 && zipf.d("changes") > zipf.d("changes_refused")));
        } else {
            md.append("| Zipf workload | not measured | **no** |\n");
        }
        if (hits != null && scg != null) {
            double ratio = hits.d("rps") / scg.d("rps");
            md.append(row("cache hits: throughput >= 1.0 x SCG's pass-through (GET user by id)", "%.0f vs %.0f req/s (%.2f)".formatted(hits.d("rps"),
                    scg.d("rps"), ratio), ratio >= 1.0 && hits.d("upstream_calls") == 0 && hits.d("errors") + hits.d("non2xx") == 0));
            double hitCpu = hits.d("cpu_ticks") / hits.d("requests"), scgCpu = scg.d("cpu_ticks") / scg.d("requests");
            md.append("| (cache hits: CPU per request, not a target; steadier than throughput on a shared machine) | %.3f vs %.3f ms (%.2f) | |\n"
                    .formatted(hitCpu * 1000 / hits.d("clk_tck"), scgCpu * 1000 / scg.d("clk_tck"), hitCpu / scgCpu));
        } else {
            md.append("| cache hits vs SCG | not measured | **no** |\n");
        }
        if (!bursts.isEmpty()) {
            long worst = bursts.stream().mapToLong(b -> (long) b.d("intercom_calls")).max().orElse(-1);
            boolean allOk = bursts.stream().allMatch(b -> b.d("ok") == b.d("concurrent"));
            md.append(row("%s concurrent reads of one uncached id -> 1 Intercom call".formatted(bursts.get(0).values().get("concurrent")),
                    "%s in %d trials (most: %d)%s".formatted(bursts.stream().map(b -> b.values().get("intercom_calls")).toList(), bursts.size(), worst,
                            allOk ? "" : "; not every read answered 200"), worst == 1 && allOk));
        } else {
            md.append("| concurrent reads of one uncached id | not measured | **no** |\n");
        }
        md.append("\nThe proxied (miss) path's targets are measured by bench/perf.sh.\n");
        System.out.print(md);
    }

    static Line find(List<Line> lines, String scenario, String target) {
        return lines.stream().filter(l -> l.scenario().equals(scenario) && l.target().equals(target)).findFirst().orElse(null);
    }

    static String row(String target, String measured, boolean met) {
        return "| %s | %s | %s |\n".formatted(target, measured, met ? "yes" : "**no**");
    }
}
