package dev.intercomgateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Link and Location targets on Intercom's API are followed through the gateway's /intercom prefix. */
class AnswerStreamLinksTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Link     | </contacts/6650a1>; rel="canonical"                               | </intercom/contacts/6650a1>; rel="canonical"
            link     | <https://api.intercom.io/contacts/6650a1>; rel="canonical"        | </intercom/contacts/6650a1>; rel="canonical"
            Link     | <https://api.eu.intercom.io/contacts/6650a1?x=1>; rel="canonical" | </intercom/contacts/6650a1?x=1>; rel="canonical"
            Link     | <HTTPS://API.AU.INTERCOM.IO/contacts/a>; rel="canonical"          | </intercom/contacts/a>; rel="canonical"
            Link     | </contacts?page=2>; rel="next", </contacts?page=9>; rel="last"    | </intercom/contacts?page=2>; rel="next", </intercom/contacts?page=9>; rel="last"
            Link     | <https://developers.intercom.com/docs>; rel="help"                | <https://developers.intercom.com/docs>; rel="help"
            Link     | <//evil.example/contacts>; rel="canonical"                        | <//evil.example/contacts>; rel="canonical"
            Link     | <https://api.intercom.io.evil.example/x>; rel="canonical"         | <https://api.intercom.io.evil.example/x>; rel="canonical"
            Link     | <contacts/6650a1>; rel="canonical"                                | <contacts/6650a1>; rel="canonical"
            Location | /contacts/6650a1                                                  | /intercom/contacts/6650a1
            Location | https://api.intercom.io/contacts/6650a1                           | /intercom/contacts/6650a1
            Location | https://example.com/contacts/6650a1                               | https://example.com/contacts/6650a1
            Retry-After | 7                                                              | 7
            """)
    void intercomsTargetsAreRewrittenToThePrefix(String header, String sent, String onward) {
        assertThat(AnswerStream.onTheSurface(header, sent)).isEqualTo(onward);
    }
}
