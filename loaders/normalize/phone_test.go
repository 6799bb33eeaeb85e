package normalize

import (
	"errors"
	"strconv"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

func mustPhones(t testing.TB, region string) *PhoneNormalizer {
	t.Helper()
	p, err := NewPhoneNormalizer(region)
	require.NoError(t, err)
	return p
}

func TestPhoneNormalize(t *testing.T) {
	t.Parallel()
	e164 := func(s string) Phone { return Phone{E164: s, Kind: PhoneE164} }
	dialled := func(s string) Phone { return Phone{E164: s, Kind: PhoneE164, Dialled: true} }
	for _, tc := range []struct {
		name   string
		region string
		raw    string
		want   Phone
	}{
		// 07700 900xxx is Ofcom's drama range: possible, not valid, still E.164.
		{"national", "GB", "07700 900123", e164("+447700900123")},
		{"international with plus", "GB", "+447700900123", e164("+447700900123")},
		{"international with 00", "GB", "00447700900123", e164("+447700900123")},
		{"international with a (0) trunk prefix", "GB", "+44 (0)7700 900123", e164("+447700900123")},
		{"international digits without plus", "GB", "447700900123", e164("+447700900123")},
		{"dots", "GB", "07700.900.123", e164("+447700900123")},
		{"dashes and brackets", "GB", "(0121) 496-0000", e164("+441214960000")},
		{"single quotes", "GB", "'07700 900123'", e164("+447700900123")},
		{"double quotes and spaces", "GB", ` "07700 900123" `, e164("+447700900123")},
		{"dialled marker", "GB", "07700900123(D)", dialled("+447700900123")},
		{"dialled marker, lower case, spaced", "GB", "07700900123 (d)", dialled("+447700900123")},
		{"dialled marker inside quotes", "GB", "'07700900123(D)'", dialled("+447700900123")},
		{"dialled marker outside quotes", "GB", "'07700900123'(D)", dialled("+447700900123")},
		{"foreign number in a GB file", "GB", "+12025550123", e164("+12025550123")},
		{"valid Indian mobile", "IN", "9812345678", e164("+919812345678")},
		{"Indian with trunk 0", "IN", "09812345678", e164("+919812345678")},
		{"Indian with country code, no plus", "IN", "919812345678", e164("+919812345678")},
		{"Indian international", "IN", "+91 98123 45678", e164("+919812345678")},
		{"US national", "US", "(202) 555-0123", e164("+12025550123")},
		{"US with 1", "US", "1 202 555 0123", e164("+12025550123")},
		{"US international prefix 011", "US", "011 44 7700 900123", e164("+447700900123")},
		{"short code", "GB", "121", Phone{Kind: PhoneShort}},
		{"service number", "IN", "901", Phone{Kind: PhoneShort}},
		{"six-digit short code", "GB", "123456", Phone{Kind: PhoneShort}},
		{"short code dialled", "GB", "150(D)", Phone{Kind: PhoneShort, Dialled: true}},
		{"alphanumeric sender", "GB", "HSBC", Phone{Kind: PhoneAlpha}},
		{"alphanumeric sender with a header", "IN", "VM-HDFCBK", Phone{Kind: PhoneAlpha}},
		{"empty", "GB", "", Phone{}},
		{"spaces", "GB", "   ", Phone{}},
		{"empty quotes", "GB", "''", Phone{}},
		{"marker alone", "GB", "(D)", Phone{Dialled: true}},
		{"two digits", "GB", "12", Phone{Kind: PhoneInvalid}},
		{"stars and hashes", "GB", "07700*900#", Phone{Kind: PhoneInvalid}},
		{"plus alone", "GB", "+", Phone{Kind: PhoneInvalid}},
		{"plus inside", "GB", "0770+0900123", Phone{Kind: PhoneInvalid}},
		{"unknown country code", "GB", "+999 123456", Phone{Kind: PhoneInvalid}},
		{"too short for its country", "GB", "+4412", Phone{Kind: PhoneInvalid}},
		{"too long for its country", "GB", "+44 7700 900123 45678", Phone{Kind: PhoneInvalid}},
		{"local-only number without area code", "US", "5550123", Phone{Kind: PhoneInvalid}},
		{"far too many digits", "GB", "0123456789012345678901234567890", Phone{Kind: PhoneInvalid}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := mustPhones(t, tc.region)
			require.Equal(t, tc.want, p.Normalize(tc.raw))
			require.Equal(t, tc.want, p.Normalize(tc.raw), "cached result differs")
		})
	}
}

func TestPhoneKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[PhoneKind]string{PhoneUnknown: "", PhoneE164: "e164", PhoneShort: "short", PhoneAlpha: "alpha", PhoneInvalid: "invalid"} {
		require.Equal(t, want, k.String())
	}
}

func TestPhoneRegion(t *testing.T) {
	t.Parallel()
	_, err := NewPhoneNormalizer("gb")
	require.NoError(t, err, "regions are case-insensitive")
	for _, bad := range []string{"XX", "", "GBR", "001"} {
		_, err := NewPhoneNormalizer(bad)
		var re *RegionError
		require.True(t, errors.As(err, &re), "%q: %v", bad, err)
	}
}

// The dialled marker belongs to the text, not to the number: spellings
// that share a cached number keep their own marker.
func TestPhoneDialledMarkerIsNotCachedWithTheNumber(t *testing.T) {
	t.Parallel()
	p := mustPhones(t, "GB")
	require.False(t, p.Normalize("07700900123").Dialled)
	require.True(t, p.Normalize("07700 900123(D)").Dialled)
	require.False(t, p.Normalize("07700 900123").Dialled)
	require.Equal(t, "+447700900123", p.Normalize("07700-900-123(D)").E164)
}

// Loaders hand over views of a read buffer that is later reused; the cache
// must keep its own copy of the text.
func TestPhoneCacheCopiesTheText(t *testing.T) {
	t.Parallel()
	p := mustPhones(t, "GB")
	buf := []byte("07700900123")
	view := unsafe.String(&buf[0], len(buf))
	require.Equal(t, "+447700900123", p.Normalize(view).E164)
	copy(buf, "HSBC BANK 1")
	require.Equal(t, PhoneAlpha, p.Normalize(view).Kind)
	require.Equal(t, "+447700900123", p.Normalize("07700900123").E164)
}

func BenchmarkPhoneCached(b *testing.B) {
	p := mustPhones(b, "GB")
	p.Normalize("07700 900123")
	for b.Loop() {
		p.Normalize("07700 900123")
	}
}

func BenchmarkPhoneUncached(b *testing.B) {
	p := mustPhones(b, "GB")
	raws := make([]string, 50_000) // distinct numbers: every call parses
	for i := range raws {
		raws[i] = "07700 9" + strconv.Itoa(10_000+i)
	}
	i := 0
	for b.Loop() {
		if i == len(raws) {
			p, i = mustPhones(b, "GB"), 0 // empty caches
		}
		p.Normalize(raws[i])
		i++
	}
}
