package model

import "testing"

// The expectations below were checked against real Postfix 3.7.11
// ("smtpd -V -S" with each value in main.cf): what it accepts, and the
// fatal message for what it rejects.
func TestCheckValues(t *testing.T) {
	for _, tc := range []struct {
		version, name, value string
		bad, outOfRange      bool
		problem, ignored     string
	}{
		{"3.7.11", "smtpd_timeout", "5days", false, false, "", "ays"},
		{"3.7.11", "smtpd_timeout", "5min", false, false, "", "in"},
		{"3.7.11", "smtpd_timeout", "1h30m", false, false, "", "30m"},
		{"3.7.11", "smtpd_timeout", "300", false, false, "", ""},
		{"3.7.11", "smtpd_timeout", "5s5", false, false, "", "5"},
		{"3.7.11", "smtpd_timeout", "5S", true, false, "parameter smtpd_timeout: bad time value or unit: 5S", ""},
		{"3.7.11", "smtpd_timeout", "5x", true, false, "parameter smtpd_timeout: bad time value or unit: 5x", ""},
		{"3.7.11", "smtpd_timeout", "5 s", true, false, "parameter smtpd_timeout: bad time value or unit: 5 s", ""},
		{"3.7.11", "smtpd_timeout", "1.5h", true, false, "parameter smtpd_timeout: bad time value or unit: 1.5h", ""},
		{"3.7.11", "smtpd_timeout", "", true, false, "parameter smtpd_timeout: bad time value or unit: ", ""},
		// No digits read as 0, which the bound then rejects.
		{"3.7.11", "smtpd_timeout", "s5", false, true, "invalid smtpd_timeout: 0 (min 1)", "5"},
		{"3.7.11", "smtpd_timeout", "0", false, true, "invalid smtpd_timeout: 0 (min 1)", ""},
		{"3.7.11", "smtpd_error_sleep_time", "s", false, false, "", ""},
		{"3.7.11", "smtpd_error_sleep_time", "-5", true, false, "parameter smtpd_error_sleep_time: bad time value or unit: -5", ""},
		{"3.7.11", "smtpd_error_sleep_time", "+5", false, false, "", ""},
		{"3.7.11", "smtpd_error_sleep_time", "9999999999", true, false, "parameter smtpd_error_sleep_time: bad time value or unit: 9999999999", ""},
		{"3.7.11", "smtpd_error_sleep_time", "400000w", true, false, "parameter smtpd_error_sleep_time: bad time value or unit: 400000w", ""},
		{"3.7.11", "smtpd_error_sleep_time", "0x10", true, false, "parameter smtpd_error_sleep_time: bad time value or unit: 0x10", ""},
		// Postfix 3.0 and earlier reject text after the unit letter.
		{"3.0.0", "smtpd_timeout", "5days", true, false, "parameter smtpd_timeout: bad time value or unit: 5days", ""},
		{"3.0.0", "smtpd_timeout", "5d", false, false, "", ""},
		{"3.7.11", "smtpd_sasl_auth_enable", "YES", false, false, "", ""},
		{"3.7.11", "smtpd_sasl_auth_enable", "true", true, false, "bad boolean configuration: smtpd_sasl_auth_enable = true", ""},
		{"3.7.11", "smtpd_sasl_auth_enable", "", true, false, "bad boolean configuration: smtpd_sasl_auth_enable = ", ""},
		{"3.7.11", "smtpd_recipient_limit", "100k", true, false, "bad numerical configuration: smtpd_recipient_limit = 100k", ""},
		{"3.7.11", "smtpd_recipient_limit", "+100", false, false, "", ""},
		{"3.7.11", "smtpd_recipient_limit", "-100", false, true, "invalid smtpd_recipient_limit parameter value -100 < 1", ""},
		{"3.7.11", "smtpd_recipient_limit", "0", false, true, "invalid smtpd_recipient_limit parameter value 0 < 1", ""},
		{"3.7.11", "smtpd_recipient_limit", "1e3", true, false, "bad numerical configuration: smtpd_recipient_limit = 1e3", ""},
		{"3.7.11", "smtpd_recipient_limit", "3000000000", true, false, "bad numerical configuration: smtpd_recipient_limit = 3000000000", ""},
		{"3.7.11", "message_size_limit", "3000000000", false, false, "", ""},
		{"3.7.11", "message_size_limit", "-1", false, false, "", ""},
		{"3.7.11", "message_size_limit", "100k", true, false, "bad numerical configuration: message_size_limit = 100k", ""},
		{"3.7.11", "mail_owner", "", false, true, "bad string length 0 < 1: mail_owner = ", ""},
		{"3.7.11", "smtpd_expansion_filter", "", false, true, "bad string length (0 < 1): smtpd_expansion_filter = ", ""},
		// Strings with names since 2.9, any number before.
		{"3.7.11", "smtpd_tls_loglevel", "routine", false, false, "", ""},
		{"2.6.19", "smtpd_tls_loglevel", "routine", true, false, "bad numerical configuration: smtpd_tls_loglevel = routine", ""},
		// Fractions of the feedback parameters are strings.
		{"3.7.11", "default_destination_concurrency_positive_feedback", "1/concurrency", false, false, "", ""},
		{"3.7.11", "milter_protocol", "6 no_header_reply", false, false, "", ""},
	} {
		c := build(t, "", tc.name+" = "+tc.value+"\n", nil, tc.version)
		got := c.Env().Check(c.Main().Param(tc.name))
		if !got.Read || got.Bad != tc.bad || got.OutOfRange != tc.outOfRange || got.Problem != tc.problem || got.Ignored != tc.ignored {
			t.Errorf("%s %s = %q: %+v; want bad %v, out of range %v, problem %q, ignored %q",
				tc.version, tc.name, tc.value, got, tc.bad, tc.outOfRange, tc.problem, tc.ignored)
		}
	}
	// A parameter the release does not read is not checked.
	c := build(t, "", "smtp_tls_wrappermode = maybe\n", nil, "2.11.0")
	if got := c.Env().Check(c.Main().Param("smtp_tls_wrappermode")); got.Read || got.Bad {
		t.Errorf("2.11 checks smtp_tls_wrappermode: %+v", got)
	}
}
