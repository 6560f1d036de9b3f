package dev.intercomgateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The API's one definition of a time value; the slice tests check that bodies and query strings both use it. */
class TimeValuesTest {

    @ParameterizedTest
    @CsvSource({
            "2024-05-01T09:30:00Z,          2024-05-01T09:30:00Z",
            "2024-05-01T11:30:00+02:00,     2024-05-01T09:30:00Z",
            "2024-05-01T04:00:00-05:30,     2024-05-01T09:30:00Z",
            "2024-05-01T09:30:00.987654Z,   2024-05-01T09:30:00Z",
            "2024-05-01T09:30Z,             2024-05-01T09:30:00Z",
            "1970-01-01T00:00:01Z,          1970-01-01T00:00:01Z",
            "1970-01-01T00:00:01.999Z,      1970-01-01T00:00:01Z",
            "2038-01-19T03:14:07.999Z,      2038-01-19T03:14:07Z",
            "2038-01-19T03:14:07Z,          2038-01-19T03:14:07Z",
            "2038-01-19T05:14:07+02:00,     2038-01-19T03:14:07Z"})
    void takesIsoDateTimesWithAnOffsetAsUtcWholeSeconds(String text, String expected) {
        assertThat(TimeValues.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1714548600000", "1714548600", "-1", "0", "1714548600.5", "1.7145486E12", "2024-05-01", "2024-05-01T09:30:00",
            "09:30:00Z", "2024-05-01T09:30:00+0200", "2024-05-01 09:30:00Z", "yesterday", "", " ", "2024-13-01T00:00:00Z"})
    void refusesWhatIsNotADateTimeWithAnOffset(String text) {
        assertThatThrownBy(() -> TimeValues.parse(text)).isInstanceOf(TimeValues.InvalidTimeValueException.class)
                .hasMessageStartingWith("must be an ISO-8601 date-time with an offset");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1714548600000", "1714548600", "-1"})
    void saysWhyANumberIsRefused(String text) {
        assertThatThrownBy(() -> TimeValues.parse(text)).hasMessageContaining("a number is not accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1969-12-31T23:59:59Z", "1970-01-01T01:00:00+02:00", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.999Z",
            "1970-01-01T02:00:00+02:00", "2038-01-19T03:14:08Z", "+56301-05-01T09:30:00Z",
            "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"})
    void refusesInstantsOutsideTheRange(String text) {
        assertThatThrownBy(() -> TimeValues.parse(text)).isInstanceOf(TimeValues.InvalidTimeValueException.class)
                .hasMessage("must be between 1970-01-01T00:00:01Z and 2038-01-19T03:14:07Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T09:30:00+02", "2024-05-01T09:30:00+05:30:15", "2024-05-01T09:30:00+0530", "2024-05-01T09:30:00-05",
            "2024-05-01T09:30:00z"})
    void refusesOffsetsOtherThanZOrHoursAndMinutes(String text) {
        assertThatThrownBy(() -> TimeValues.parse(text)).isInstanceOf(TimeValues.InvalidTimeValueException.class)
                .hasMessageStartingWith("must be an ISO-8601 date-time with an offset");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5Z", "2017-01-01T01:59:60+02:00"})
    void saysALeapSecondIsNotAccepted(String text) {
        assertThatThrownBy(() -> TimeValues.parse(text)).isInstanceOf(TimeValues.InvalidTimeValueException.class)
                .hasMessageContaining("a leap second (:60) is not accepted");
    }
}
