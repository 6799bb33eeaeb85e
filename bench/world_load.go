package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/loaders"
)

// LoadWorld loads every CSV file a generated world wrote in dir (truth.json
// and anything else left aside) into c, each with the profile detection
// picks, as `mast load --profile auto` would, then derives the serving areas
// and placements. It is what the analysis tests and benchmarks start from.
func LoadWorld(ctx context.Context, c *engine.Case, dir string) error {
	ps, err := loaders.LoadProfiles("")
	if err != nil {
		return err
	}
	zone, err := time.LoadLocation(c.Settings().TimeZone)
	if err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".csv") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(files)
	region := c.Settings().Region
	for _, path := range files {
		if err := loadWorldFile(ctx, c, ps, path, region, zone); err != nil {
			return fmt.Errorf("load %s: %w", filepath.Base(path), err)
		}
	}
	_, err = c.Derive(ctx, nil)
	return err
}

func loadWorldFile(ctx context.Context, c *engine.Case, ps *loaders.Profiles, path, region string, zone *time.Location) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	head := make([]byte, 256<<10)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return err
	}
	opts := loaders.ReadOptions{Region: region, Zone: zone}
	best, err := loaders.Choose(loaders.Detect(ctx, head[:n], ps, opts))
	if err != nil {
		return err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	sum, err := loaders.HashFile(path)
	if err != nil {
		return err
	}
	p := best.Profile
	zoneName := zone.String()
	if p.Time.Zone != "" {
		zoneName = p.Time.Zone
	}
	if p.Region != "" {
		region = p.Region
	}
	meta := engine.SourceMeta{Path: path, FileName: filepath.Base(path), SHA256: sum, Size: st.Size(),
		Kind: string(p.Kind), Profile: p.Name, ProfileSHA256: p.SHA256, TimeZone: zoneName, Region: region}
	_, err = c.LoadFile(ctx, meta, p.Kind.Table(), func(ids engine.IDs) (engine.Stream, error) {
		opts.SourceID, opts.FirstID = ids.SourceID, ids.FirstRow
		return loaders.NewStream(ctx, f, p, opts)
	})
	return err
}
