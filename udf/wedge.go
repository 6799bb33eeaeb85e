package udf

import (
	"encoding/binary"
	"math"
)

// earthRadiusM is the mean Earth radius (IUGG), as H3 uses.
const earthRadiusM = 6371007.18

// arcStepDeg is the largest angle between two points of a drawn arc.
const arcStepDeg = 5.0

// Shape says how a cell's area is drawn.
type Shape uint8

// The shapes of a drawn cell area.
const (
	ShapeWedge Shape = iota // a sector: the site and an arc either side of the azimuth
	ShapeDisk               // no azimuth (an omni cell, or none given), or a beam of 360°
)

func (s Shape) String() string {
	if s == ShapeDisk {
		return "disk"
	}
	return "wedge"
}

// shapeOf decides the shape from what the cell list gave.
func shapeOf(azimuth, beamwidth *float64) Shape {
	if azimuth == nil || math.IsNaN(*azimuth) || beamwidth != nil && *beamwidth >= 360 {
		return ShapeDisk
	}
	return ShapeWedge
}

// DefaultBeamwidth is the span drawn for a sector whose beamwidth is not
// given: a three-sector site's sectors each serve about a third of the
// circle.
const DefaultBeamwidth = 120.0

// destination is the point at distance d metres from (lat, lng) on bearing
// brg degrees, on a sphere.
func destination(lat, lng, brg, d float64) (float64, float64) {
	φ1, λ1, θ := lat*math.Pi/180, lng*math.Pi/180, brg*math.Pi/180
	δ := d / earthRadiusM
	φ2 := math.Asin(math.Sin(φ1)*math.Cos(δ) + math.Cos(φ1)*math.Sin(δ)*math.Cos(θ))
	λ2 := λ1 + math.Atan2(math.Sin(θ)*math.Sin(δ)*math.Cos(φ1), math.Cos(δ)-math.Sin(φ1)*math.Sin(φ2))
	lng2 := math.Mod(λ2*180/math.Pi+540, 360) - 180
	return φ2 * 180 / math.Pi, lng2
}

// wedgeRing returns the closed outer ring, as (lat, lng) points, of a sector
// of the given azimuth, beamwidth (degrees) and radius (metres), or of a disk
// when shape is ShapeDisk. Points go clockwise from the site, as bearings do.
func wedgeRing(lat, lng float64, shape Shape, azimuth, beamwidth, radius float64) [][2]float64 {
	if shape == ShapeDisk {
		n := int(360 / arcStepDeg)
		ring := make([][2]float64, 0, n+1)
		for i := 0; i < n; i++ {
			la, lo := destination(lat, lng, float64(i)*arcStepDeg, radius)
			ring = append(ring, [2]float64{la, lo})
		}
		return append(ring, ring[0])
	}
	if beamwidth <= 0 || math.IsNaN(beamwidth) {
		beamwidth = DefaultBeamwidth
	}
	n := int(math.Ceil(beamwidth / arcStepDeg))
	step := beamwidth / float64(n)
	ring := make([][2]float64, 0, n+3)
	ring = append(ring, [2]float64{lat, lng})
	for i := 0; i <= n; i++ {
		la, lo := destination(lat, lng, azimuth-beamwidth/2+float64(i)*step, radius)
		ring = append(ring, [2]float64{la, lo})
	}
	return append(ring, ring[0])
}

// polygonWKB encodes a ring of (lat, lng) points as a little-endian WKB
// polygon (x = longitude, y = latitude), the form DuckDB's GEOMETRY holds.
func polygonWKB(ring [][2]float64) []byte {
	b := make([]byte, 0, 13+16*len(ring))
	b = append(b, 1)
	b = binary.LittleEndian.AppendUint32(b, 3)
	b = binary.LittleEndian.AppendUint32(b, 1)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(ring)))
	for _, p := range ring {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p[1]))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p[0]))
	}
	return b
}

// lineWKB encodes (lat, lng) points as a little-endian WKB linestring.
func lineWKB(pts [][2]float64) []byte {
	b := make([]byte, 0, 9+16*len(pts))
	b = append(b, 1)
	b = binary.LittleEndian.AppendUint32(b, 2)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(pts)))
	for _, p := range pts {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p[1]))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p[0]))
	}
	return b
}
