package dev.intercomgateway.intercom.operations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Every operation in the project's copy of Intercom's OpenAPI description, read at startup from
 * {@code intercom/operations.tsv} (generated from the description and checked against it by a
 * test), and the lookup of a request path among them. What is not listed here is not Intercom's API.
 */
public final class IntercomOperations {

    public static final String INDEX = "intercom/operations.tsv";

    private record Entry(IntercomOperation operation, PathPattern pattern) {
    }

    /** An operation a request path matched, with the path's variables (decoded) by Intercom's names. */
    public record Match(IntercomOperation operation, Map<String, String> variables) {
    }

    private final List<Entry> entries;
    private final Map<HttpMethod, List<Entry>> byMethod;

    private IntercomOperations(List<IntercomOperation> operations) {
        this.entries = operations.stream()
                .map(operation -> new Entry(operation, operation.pattern()))
                // literal segments before variables: POST /contacts/search is not POST /contacts/{contact_id}
                .sorted(Comparator.comparing(Entry::pattern, PathPattern.SPECIFICITY_COMPARATOR))
                .toList();
        this.byMethod = entries.stream().collect(Collectors.groupingBy(entry -> entry.operation().method(), Collectors.toUnmodifiableList()));
    }

    private static final IntercomOperations DESCRIBED = new IntercomOperations(read());

    /** The operations of the description the service ships with. */
    public static IntercomOperations described() {
        return DESCRIBED;
    }

    public List<IntercomOperation> all() {
        return entries.stream().map(Entry::operation).toList();
    }

    /**
     * The operation for a method and a path relative to Intercom's base URL (still percent-encoded),
     * if Intercom has one. Each variable is one raw segment decoded exactly once as UTF-8: a
     * semicolon in it is data, not the start of matrix parameters, and {@code %25} is a percent.
     *
     * @throws IllegalArgumentException when a variable's percent-encoding is malformed or not UTF-8
     */
    public Optional<Match> match(HttpMethod method, String rawPath) {
        PathContainer path = PathContainer.parsePath(rawPath, RAW_SEGMENTS);
        for (Entry entry : byMethod.getOrDefault(method, List.of())) {
            PathPattern.PathMatchInfo info = entry.pattern().matchAndExtract(path);
            if (info != null) {
                Map<String, String> variables = new LinkedHashMap<>();
                info.getUriVariables().forEach((name, raw) -> variables.put(name, decodeOnce(raw)));
                return Optional.of(new Match(entry.operation(), Collections.unmodifiableMap(variables)));
            }
        }
        return Optional.empty();
    }

    /** Segments as sent: neither decoded nor split at {@code ;} (Spring's HTTP default would drop what follows one). */
    private static final PathContainer.Options RAW_SEGMENTS = PathContainer.Options.create('/', false);

    /** Percent-decoding of one segment, once, refusing a malformed escape or bytes that are not UTF-8 (instead of replacing them). */
    static String decodeOnce(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("A path segment holds a malformed percent-encoding");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException notUtf8) {
            throw new IllegalArgumentException("A path segment is not percent-encoded UTF-8", notUtf8);
        }
    }

    /** Every scope an operation needs, such as {@code intercom:contacts:read}. */
    public Set<String> scopes() {
        return entries.stream().map(entry -> entry.operation().scope()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> listed(String field) {
        return field.equals("-") ? List.of() : List.of(field.split(","));
    }

    private static List<IntercomOperation> read() {
        var stream = IntercomOperations.class.getClassLoader().getResourceAsStream(INDEX);
        if (stream == null) {
            throw new IllegalStateException(INDEX + " is missing from the classpath");
        }
        List<IntercomOperation> operations = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                operations.add(IntercomOperation.of(HttpMethod.valueOf(fields[0]), fields[1], fields[2], fields[3],
                        IntercomOperation.Access.valueOf(fields[4].toUpperCase(java.util.Locale.ROOT)), Set.copyOf(listed(fields[5])),
                        listed(fields[6]), listed(fields[7]), Set.copyOf(listed(fields[8]))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return operations;
    }
}
