package world

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// Layouts are the provider layouts Convert writes.
var Layouts = []string{"in-airtel", "uk-cdr"}

var kolkata = mustLoad("Asia/Kolkata")

// Convert rewrites a mast-cdr file (as Generate writes it) in a provider's
// layout, for benchmarks of the profile-driven reader on that layout. Events
// the layout cannot hold (Airtel's has no data sessions) are left out. It
// returns the rows written.
func Convert(ctx context.Context, src, dst, layout string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, fmt.Errorf("convert: %w", err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return 0, fmt.Errorf("convert: %w", err)
	}
	defer out.Close()
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.Comment = '#'
	r.ReuseRecord = true
	r.FieldsPerRecord = -1
	w := bufio.NewWriterSize(out, 1<<20)
	head, err := r.Read()
	if err != nil {
		return 0, fmt.Errorf("convert %s: %w", src, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"subject_msisdn", "subject_imsi", "subject_imei", "other_party", "direction", "kind", "start_time", "duration_s", "time_zone", "start_cell", "end_cell", "charging_id"} {
		if _, ok := col[need]; !ok {
			return 0, fmt.Errorf("convert %s: no column %s (not a mast-cdr file?)", src, need)
		}
	}
	var row func(rec []string, at time.Time) (string, bool)
	switch layout {
	case "in-airtel":
		w.WriteString("Target No,Call Type,TOC,B Party No,LRN No,LRN TSP-LSA,Date,Time,Dur(s),First CGI Lat/Long,First CGI,Last CGI Lat/Long,Last CGI,SMSC No,Service Type,IMEI,IMSI,Call Fow No,Roam Nw,SW & MSC ID,IN TG,OUT TG,Vowifi First UE IP,Port1,Vowifi Last UE IP,Port2\n")
		types := map[string]string{"out/voice": "OUT", "in/voice": "IN", "out/sms": "SMO", "in/sms": "SMT"}
		row = func(rec []string, at time.Time) (string, bool) {
			ct, ok := types[rec[col["direction"]]+"/"+rec[col["kind"]]]
			if !ok {
				return "", false
			}
			local := at.In(kolkata)
			q := func(s string) string { return "'" + s + "'" }
			return strings.Join([]string{q(digits(rec[col["subject_msisdn"]])), q(ct), q("Pre"), q(digits(rec[col["other_party"]])), q(""), q(""),
				q(local.Format("02/01/2006")), q(local.Format("15:04:05")), q(orZero(rec[col["duration_s"]])), q(""), q(rec[col["start_cell"]]), q(""), q(rec[col["end_cell"]]),
				q(""), q(""), q(rec[col["subject_imei"]]), q(rec[col["subject_imsi"]]), q(""), q(""), q(""), q(""), q(""), q(""), q(""), q(""), q("")}, ","), true
		}
	case "uk-cdr":
		w.WriteString("Target MSISDN,Record Type,Other Party,Start Date,Start Time,Duration,Start LAC,Start CI,End LAC,End CI,IMEI,IMSI,GPRS Charging ID\n")
		types := map[string]string{"out/voice": "MOC", "in/voice": "MTC", "out/sms": "SMS-MO", "in/sms": "SMS-MT", "none/data": "GPRS", "fwd/forward": "CFW", "out/voicemail": "VMS"}
		row = func(rec []string, at time.Time) (string, bool) {
			rt, ok := types[rec[col["direction"]]+"/"+rec[col["kind"]]]
			if !ok {
				return "", false
			}
			local := at.In(london)
			sl, sc := lacCI(rec[col["start_cell"]])
			el, ec := lacCI(rec[col["end_cell"]])
			dur := ""
			if d, err := strconv.Atoi(rec[col["duration_s"]]); err == nil {
				dur = fmt.Sprintf("%02d:%02d:%02d", d/3600, d/60%60, d%60)
			}
			return strings.Join([]string{national(rec[col["subject_msisdn"]]), rt, national(rec[col["other_party"]]), local.Format("02/01/2006"), local.Format("15:04:05"),
				dur, sl, sc, el, ec, rec[col["subject_imei"]], rec[col["subject_imsi"]], rec[col["charging_id"]]}, ","), true
		}
	default:
		return 0, fmt.Errorf("convert: unknown layout %q (known: %s)", layout, strings.Join(Layouts, ", "))
	}
	var n int64
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || len(rec) != len(head) {
			continue // the generator's planted malformed lines
		}
		if n%100_000 == 0 && ctx.Err() != nil {
			return n, ctx.Err()
		}
		at, ok := instant(rec[col["start_time"]], rec[col["time_zone"]])
		if !ok {
			continue
		}
		line, ok := row(rec, at)
		if !ok {
			continue
		}
		w.WriteString(line)
		w.WriteByte('\n')
		n++
	}
	if err := w.Flush(); err != nil {
		return n, fmt.Errorf("convert: %w", err)
	}
	return n, out.Close()
}

func instant(text, zone string) (time.Time, bool) {
	if zone == "" {
		t, err := time.Parse(time.RFC3339, text)
		return t, err == nil
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", text, london)
	return t, err == nil
}

// digits writes a UK number as its international digits without '+'.
func digits(n string) string {
	n = strings.ReplaceAll(strings.TrimSuffix(n, "(D)"), " ", "")
	switch {
	case strings.HasPrefix(n, "+"):
		return n[1:]
	case strings.HasPrefix(n, "00"):
		return n[2:]
	case strings.HasPrefix(n, "0") && len(n) > 6:
		return "44" + n[1:]
	}
	return n
}

// national writes a UK number in national form.
func national(n string) string {
	d := digits(n)
	if strings.HasPrefix(d, "44") && len(d) > 10 {
		return "0" + d[2:]
	}
	return d
}

func lacCI(cgi string) (string, string) {
	p := strings.Split(cgi, "-")
	if len(p) != 4 {
		return "", ""
	}
	return p[2], p[3]
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}
