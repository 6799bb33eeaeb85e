// Package mapview composes an exhibit map on any draw.Canvas, so one map
// renders alike as PNG, SVG and PDF. The input is plain data (Map): event
// positions, cells' estimated serving areas, journeys, stays, cameras, the
// exhibit header, and an optional basemap read from a local file. Nothing
// here touches the network: there are no tiles.
//
// # Page
//
// Draw lays the page out (Place returns the same Layout) as: the header at
// the top (title; reference and case; analyst and produced; time span and
// time zone), a rule, then the map frame with coordinate ticks and labels on
// its edges, and on its right a panel holding the legend, a north arrow, the
// scale bar and the grid spacing; under both, the notes: that serving areas
// are estimates, the projection, the basemap's origin, then Header.Notes.
// Text is wrapped, never cut: an exhibit prints what it is given.
//
// Inside the frame, clipped to it, layers are painted in this order (Layer):
// the basemap; a thin graticule; serving areas, disks under wedges,
// translucent with dashed (wedges) or dotted (disks) outlines; journeys,
// with a ring at the start and arrows along the way; stays; cameras; event
// positions on top. When a layer has few features (40; 20 for serving
// areas) each is tagged with its label, and each event position without a
// label with its 1-based number in Map.Points. The legend lists exactly the
// layers present, with counts (Legend).
//
// # Projection
//
// Web Mercator (EPSG:3857), north up, one scale both ways, fitted to the
// features (not the basemap) with an inset of at least 16 pt, and to at
// least 300 m of ground each way so a single point shows its surroundings.
// Web Mercator because it is conformal: the angles of a cell's wedge, its
// azimuth and beamwidth, are drawn as the cell list gives them, north is
// straight up everywhere so one north arrow is true, and it is the
// projection of the web maps an analyst or a defence expert will compare
// the exhibit with. Its scale grows with latitude as 1/cos φ, so the scale
// bar is measured east–west on the WGS 84 ellipsoid at the frame's centre
// latitude, says which latitude, and when the scale at the frame's top or
// bottom edge differs by 0.5 % or more, says by how much. An equirectangular
// projection scaled by cos φ would distort those angles away from its
// standard parallel. Projection is exported (Fit, Point, LonLat, Visible,
// Scale) for an HTML or SVG map to place its own marks where Draw placed
// these.
//
// # Basemaps
//
// ReadBasemap reads GeoJSON (drawn in light grey) or a PNG/JPEG with its
// world file (.pgw/.pngw/.jgw/.jpgw/.wld). Both must be in EPSG:4326: GeoJSON
// coordinates outside ±180/±90 or a legacy "crs" naming anything else, a
// world file placing the image outside ±180/±90, or a .prj beside the image
// declaring a projected CRS or another datum, fail with ErrCRS naming the
// file. A raster is cropped to the frame and its rows resampled (nearest
// pixel, at most 3000 pixels a side) from equal steps of latitude to equal
// steps of Mercator y, so it lies in its georeferenced place to within a
// pixel; a white wash keeps it behind the features. Images larger than 100
// megapixels are refused before decoding.
//
// # Known gaps
//
// Maps that cross the antimeridian are not supported (they would span the
// globe). Rotated world files are refused. Polygon holes in a vector basemap
// are painted in the frame's colour (the Canvas has no even-odd fill), so a
// hole hides a raster drawn under it. Labels are not moved apart when they
// collide. Web Mercator on the WGS 84 ellipsoid is not exactly conformal:
// north–south distances differ from east–west ones by up to 0.7 % (0.3 %
// at 51° N); the scale bar is the east–west one and says so.
package mapview
