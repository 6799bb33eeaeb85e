package pgwire

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mastcdr/mast/sql/pgerr"
)

// reported are the settings sent as ParameterStatus at startup and again
// whenever they change, as PostgreSQL 16 does.
var reported = []string{
	"application_name", "client_encoding", "DateStyle", "default_transaction_read_only",
	"in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser",
	"server_encoding", "server_version", "session_authorization",
	"standard_conforming_strings", "TimeZone",
}

var reportedLower = func() map[string]string {
	m := map[string]string{}
	for _, n := range reported {
		m[strings.ToLower(n)] = n
	}
	return m
}()

// fixed settings cannot be changed by a session.
var fixed = map[string]bool{
	"server_version": true, "server_version_num": true, "server_encoding": true,
	"integer_datetimes": true, "is_superuser": true, "session_authorization": true,
	"in_hot_standby": true, "max_identifier_length": true, "lc_collate": true, "lc_ctype": true,
	"block_size": true, "data_directory": true,
}

func defaultSettings(s *session) map[string]string {
	readOnly, super := "on", "off"
	if s.admin {
		readOnly, super = "off", "on"
	}
	timeout := "0"
	if t := s.srv.opts.StatementTimeout; t > 0 {
		timeout = strconv.FormatInt(t.Milliseconds(), 10)
	}
	return map[string]string{
		"application_name":                    s.app,
		"client_encoding":                     "UTF8",
		"datestyle":                           "ISO, MDY",
		"default_transaction_read_only":       readOnly,
		"transaction_read_only":               readOnly,
		"in_hot_standby":                      "off",
		"integer_datetimes":                   "on",
		"intervalstyle":                       "postgres",
		"is_superuser":                        super,
		"server_encoding":                     "UTF8",
		"server_version":                      s.srv.opts.ServerVersion,
		"server_version_num":                  versionNum(s.srv.opts.ServerVersion),
		"session_authorization":               s.user,
		"standard_conforming_strings":         "on",
		"timezone":                            "UTC",
		"search_path":                         `"$user", public`,
		"transaction_isolation":               "read committed",
		"default_transaction_isolation":       "read committed",
		"extra_float_digits":                  "1",
		"client_min_messages":                 "notice",
		"statement_timeout":                   timeout,
		"lock_timeout":                        "0",
		"idle_in_transaction_session_timeout": "0",
		"max_identifier_length":               "63",
		"lc_collate":                          "C.UTF-8",
		"lc_ctype":                            "C.UTF-8",
		"lc_messages":                         "C.UTF-8",
		"lc_monetary":                         "C.UTF-8",
		"lc_numeric":                          "C.UTF-8",
		"lc_time":                             "C.UTF-8",
		"bytea_output":                        "hex",
		"enable_seqscan":                      "on",
		"row_security":                        "on",
		"synchronous_commit":                  "on",
		"jit":                                 "off",
		"block_size":                          "8192",
		"work_mem":                            "4MB",
		"max_connections":                     strconv.Itoa(s.srv.opts.MaxConnections),
	}
}

// versionNum turns "16.4 (mast x)" into "160004".
func versionNum(v string) string {
	f := strings.Fields(v)
	if len(f) == 0 {
		return "160000"
	}
	parts := strings.Split(f[0], ".")
	major, _ := strconv.Atoi(parts[0])
	minor := 0
	if len(parts) > 1 {
		minor, _ = strconv.Atoi(parts[1])
	}
	return strconv.Itoa(major*10000 + minor)
}

// set changes a session setting, as SET does. Settings mast does not know
// are kept and shown back (clients set many that mean nothing to DuckDB);
// none reaches DuckDB.
func (s *session) set(name, value string) error {
	name = strings.ToLower(name)
	if fixed[name] {
		return pgerr.New("55P02", fmt.Sprintf("parameter %q cannot be changed", name))
	}
	switch name {
	case "client_encoding":
		v := strings.ToUpper(strings.ReplaceAll(value, "-", ""))
		if v != "UTF8" && v != "UNICODE" && v != "SQL_ASCII" {
			return pgerr.New(pgerr.FeatureNotSupported, fmt.Sprintf("client encoding %q is not supported: mast speaks UTF8", value))
		}
		value = "UTF8"
	case "timezone", "time zone":
		name = "timezone"
		if _, err := loadZone(value); err != nil {
			return pgerr.New(pgerr.InvalidParameterValue, fmt.Sprintf("invalid value for parameter \"TimeZone\": %q", value))
		}
	case "statement_timeout":
		ms, err := parseDurationMS(value)
		if err != nil {
			return pgerr.New(pgerr.InvalidParameterValue, fmt.Sprintf("invalid value for parameter \"statement_timeout\": %q", value))
		}
		if max := s.srv.opts.StatementTimeout; max > 0 && (ms == 0 || time.Duration(ms)*time.Millisecond > max) {
			ms = max.Milliseconds()
		}
		value = strconv.FormatInt(ms, 10)
	case "default_transaction_read_only", "transaction_read_only":
		if !s.admin {
			value = "on" // an analyst's session is read-only whatever it asks
		}
	case "datestyle":
		value = "ISO, MDY"
	}
	s.settings[name] = value
	return nil
}

// show returns a setting as SHOW does ("" when unknown).
func (s *session) show(name string) string {
	return s.settings[strings.ToLower(name)]
}

// showAll lists every setting for SHOW ALL.
func (s *session) showAll() [][2]string {
	names := make([]string, 0, len(s.settings))
	for n := range s.settings {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([][2]string, len(names))
	for i, n := range names {
		out[i] = [2]string{n, s.settings[n]}
	}
	return out
}

func (s *session) location() *time.Location {
	loc, err := loadZone(s.settings["timezone"])
	if err != nil {
		return time.UTC
	}
	return loc
}

func loadZone(name string) (*time.Location, error) {
	switch strings.ToUpper(name) {
	case "", "UTC", "GMT", "Z", "ETC/UTC", "UCT", "ZULU":
		return time.UTC, nil
	}
	return time.LoadLocation(name)
}

// parseDurationMS reads a PostgreSQL duration setting ("0", "30000",
// "30s", "5min", "2h") as milliseconds.
func parseDurationMS(v string) (int64, error) {
	v = strings.TrimSpace(strings.ToLower(v))
	units := []struct {
		suffix string
		ms     int64
	}{{"ms", 1}, {"min", 60000}, {"s", 1000}, {"h", 3600000}, {"d", 86400000}}
	for _, u := range units {
		if strings.HasSuffix(v, u.suffix) {
			n, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(v, u.suffix)), 64)
			return int64(n * float64(u.ms)), err
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err
}
