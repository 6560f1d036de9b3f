package dev.intercomgateway.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import org.springframework.http.HttpMethod;

import dev.intercomgateway.intercom.operations.DescriptionErrata;
import dev.intercomgateway.intercom.operations.IntercomOperations;

/**
 * The description's path-parameter type errata are one list: the contract check excuses exactly
 * them, and the passthrough's operation index honours every one (it does not check those
 * parameters as integers), so what the check allows the passthrough forwards.
 */
class DescriptionErrataTest {

    private static final String HEX_ID = "6650a1b2c3d4e5f600000001";

    @Test
    void everyErratumIsStillOneOfTheDescription() throws IOException {
        Map<String, Object> description = description();
        for (DescriptionErrata.PathParameterType erratum : DescriptionErrata.PATH_PARAMETER_TYPES) {
            assertThat(typeOf(description, erratum)).as("%s: the description still types it integer", erratum).isEqualTo("integer");
        }
    }

    @Test
    void thePassthroughsIndexHonoursEveryErratumTheContractCheckExcuses() {
        for (DescriptionErrata.PathParameterType erratum : DescriptionErrata.PATH_PARAMETER_TYPES) {
            String path = erratum.pathTemplate().replace("{" + erratum.parameter() + "}", HEX_ID);
            var match = IntercomOperations.described().match(erratum.method(), path);
            assertThat(match).as("%s matches its operation", path).isPresent();
            assertThat(match.get().operation().integerParameters()).as("the passthrough checks %s", erratum).doesNotContain(erratum.parameter());
            assertThat(IntercomContractTest.request(erratum.method().name(), path, erratum.method() == HttpMethod.POST
                    ? "{\"body\":\"x\",\"admin_id\":\"990001\"}" : null)).as("the contract check excuses %s", erratum).isEmpty();
        }
    }

    @Test
    void theNodeSdksNoteOnAContactPassesTheCheckAndTheIndex() {
        for (String id : List.of(HEX_ID, "665000000000000000000003")) {
            assertThat(IntercomContractTest.request("POST", "/contacts/" + id + "/notes", "{\"body\":\"x\",\"admin_id\":\"990001\"}"))
                    .isEmpty();
        }
        // intercom-client 7.0.3 notes.create({contact_id: "<24-hex>", admin_id, body}) sends POST /contacts/<24-hex>/notes
        assertThat(IntercomContractTest.request("POST", "/contacts/" + HEX_ID + "/notes", "{\"body\":\"x\",\"admin_id\":\"990001\"}"))
                .isEmpty();
        assertThat(IntercomOperations.described().match(HttpMethod.POST, "/contacts/" + HEX_ID + "/notes").orElseThrow()
                .operation().integerParameters()).isEmpty();
    }

    @Test
    void anIntegerPathParameterThatIsNoErratumIsStillCheckedByBoth() {
        assertThat(IntercomContractTest.request("GET", "/conversations/" + HEX_ID, null)).isNotEmpty();
        assertThat(IntercomContractTest.request("GET", "/admins/" + HEX_ID, null)).isNotEmpty();
        assertThat(IntercomOperations.described().match(HttpMethod.GET, "/conversations/123").orElseThrow().operation().integerParameters())
                .containsExactly("conversation_id");
        assertThat(IntercomOperations.described().match(HttpMethod.GET, "/notes/123").orElseThrow().operation().integerParameters())
                .containsExactly("note_id");
    }

    @Test
    void theAllowListRuleMatchesOnlyItsOwnPath() {
        String regex = IntercomContract.pathRegex("/contacts/{contact_id}/notes");
        assertThat("/contacts/abc/notes").matches(regex);
        assertThat("/contacts/abc/notes/x").doesNotMatch(regex);
        assertThat("/contacts/a/b/notes").doesNotMatch(regex);
    }

    @SuppressWarnings("unchecked")
    private static Object typeOf(Map<String, Object> description, DescriptionErrata.PathParameterType erratum) {
        Map<String, Object> item = ((Map<String, Map<String, Object>>) description.get("paths")).get(erratum.pathTemplate());
        Map<String, Object> operation = (Map<String, Object>) item.get(erratum.method().name().toLowerCase(java.util.Locale.ROOT));
        for (Object each : (List<Object>) operation.get("parameters")) {
            Map<String, Object> parameter = (Map<String, Object>) each;
            if (erratum.parameter().equals(parameter.get("name")) && "path".equals(parameter.get("in"))) {
                return ((Map<String, Object>) parameter.get("schema")).get("type");
            }
        }
        return null;
    }

    private static Map<String, Object> description() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(16 * 1024 * 1024);
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/intercom/api.intercom.io.2.16.yaml"))) {
            return new Yaml(options).load(in);
        }
    }
}
