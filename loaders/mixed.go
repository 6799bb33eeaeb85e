package loaders

import (
	"context"
	"fmt"
)

// Group is the parts of a delivery that one profile reads.
type Group struct {
	Profile *Profile
	// Delivery holds only the group's parts; it shares the parent's open
	// file and is not closed on its own.
	Delivery *Delivery
	// Why says, for a group other than the first, why its parts left the
	// delivery's profile: the evidence of the profile that reads them.
	Why string
}

// PlanDelivery shares the parts of a delivery among profiles, for a
// delivery that mixes layouts (a zip of call records and the provider's
// cell list; a workbook with one sheet per record type in different
// layouts). p, the profile chosen for the delivery as a whole, keeps every
// part it can read, and every part that no profile reads confidently (its
// stream then lists that part as skipped, with why). A part p cannot read
// goes to the profile that reads it confidently, as detection decides for a
// single file (Choose). The first group is p's; the others follow in the
// order of their first part. A delivery that p reads whole is one group.
//
// p may be nil (no profile fits the delivery as a whole): each part then
// goes to the profile that reads it confidently, and a part that none does
// is left out, with why, in skipped.
func PlanDelivery(ctx context.Context, d *Delivery, ps *Profiles, p *Profile, opts ReadOptions) (groups []Group, skipped []string, err error) {
	var all []*Group
	byName := map[string]*Group{}
	var mine *Group
	if p != nil {
		mine = &Group{Profile: p, Delivery: &Delivery{}}
		all = append(all, mine)
		byName[p.Name] = mine
	}
	for _, pt := range d.Parts {
		head, err := pt.Head(256 << 10)
		if err != nil {
			return nil, nil, err
		}
		o := opts
		o.Cells = pt.Cells
		if mine != nil {
			if c := try(ctx, head, p, o); c.Unreadable == "" {
				mine.Delivery.Parts = append(mine.Delivery.Parts, pt)
				continue
			}
		}
		best, err := Choose(Detect(ctx, head, ps, o))
		if err != nil && mine != nil {
			mine.Delivery.Parts = append(mine.Delivery.Parts, pt)
			continue
		}
		if err != nil {
			skipped = append(skipped, fmt.Sprintf("%s: %v", pt.Name, err))
			continue
		}
		g, ok := byName[best.Name]
		if !ok {
			g = &Group{Profile: best.Profile, Delivery: &Delivery{},
				Why: fmt.Sprintf("%s: %s", pt.Name, best.Evidence)}
			byName[best.Name] = g
			all = append(all, g)
		}
		g.Delivery.Parts = append(g.Delivery.Parts, pt)
	}
	for _, g := range all {
		if len(g.Delivery.Parts) > 0 {
			groups = append(groups, *g)
		}
	}
	return groups, skipped, nil
}
