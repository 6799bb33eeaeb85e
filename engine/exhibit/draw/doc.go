// Package draw is the page that exhibit maps are drawn on: a small Canvas
// interface (paths, circles, text, images, clipping, in points with the origin
// top left) and its raster (PNG) and SVG backends. The PDF backend is in
// package engine/exhibit/pdf. Nothing here touches the network or a font file
// on the host: the PNG backend's typeface is compiled in. Every backend
// strokes with butt caps and mitred joins (bevelled beyond a miter limit of 4)
// and fills an open path as if it were closed.
package draw
