package loaders

// firstSeen maps event fingerprints to the id of the first event that had
// each, for marking duplicates in file order. It is an open-addressing table
// probed linearly: the fingerprints are hashes already, so their low bits
// index it directly, and a lookup and an insert are one probe. A Go map spent
// twice the time on it (two hashed lookups per event, on the thread that hands
// batches to DuckDB).
type firstSeen struct {
	slots   []seenSlot // len is a power of two; fp 0 marks an empty slot
	n       int
	hasZero bool // fingerprint 0, kept aside
	zeroID  int64
}

type seenSlot struct {
	fp uint64
	id int64
}

func newFirstSeen(capacity int) *firstSeen {
	size := 1
	for 3*size < 4*capacity {
		size <<= 1
	}
	return &firstSeen{slots: newSlots(size)}
}

// newSlots allocates a table of n empty slots with every page written once,
// in order. A fresh page read before it is written maps the shared zero
// page, and the write that follows must then replace it and flush every
// core's TLB: with lookups landing on random pages, that was a tenth of the
// time of the thread that hands batches to DuckDB.
func newSlots(n int) []seenSlot {
	s := make([]seenSlot, n)
	const perPage = 4096 / 16 // seenSlot is 16 bytes
	for i := 0; i < len(s); i += perPage {
		s[i].fp = 0
	}
	return s
}

// firstOf returns the id of the first event with fingerprint fp and true, or,
// when fp is new, records id as its first and returns false.
func (t *firstSeen) firstOf(fp uint64, id int64) (int64, bool) {
	if fp == 0 {
		if t.hasZero {
			return t.zeroID, true
		}
		t.hasZero, t.zeroID = true, id
		return 0, false
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		// Kept at most three quarters full: a new fingerprint, the common
		// case, then probes a few neighbouring slots, one or two cache lines.
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for i := fp & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.fp == fp {
			return s.id, true
		}
		if s.fp == 0 {
			s.fp, s.id = fp, id
			t.n++
			return 0, false
		}
	}
}

// grow doubles the table.
func (t *firstSeen) grow() {
	old := t.slots
	t.slots = newSlots(2 * len(old))
	mask := uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.fp == 0 {
			continue
		}
		i := s.fp & mask
		for t.slots[i].fp != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
