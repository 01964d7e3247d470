package sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
)

// qrModules is the side of the fake QR code in modules (a version 2 QR
// code's size), qrQuiet the white border around it.
const (
	qrModules = 25
	qrQuiet   = 2
)

// fakeQRPNG draws a square of px pixels that looks like a QR code: the
// three finder patterns and modules derived from seed, so the same seed
// draws the same picture. It encodes nothing: the simulator's phone "scans"
// by a click instead.
func fakeQRPNG(seed string, px int) []byte {
	img := image.NewPaletted(image.Rect(0, 0, px, px), color.Palette{color.White, color.Black})
	side := qrModules + 2*qrQuiet
	unit := px / side
	if unit < 1 {
		unit = 1
	}
	margin := (px - unit*side) / 2
	bits := qrBits(seed)
	for y := range qrModules {
		for x := range qrModules {
			dark, ok := finderModule(x, y)
			if !ok {
				dark = bits[y*qrModules+x]
			}
			if !dark {
				continue
			}
			x0, y0 := margin+(x+qrQuiet)*unit, margin+(y+qrQuiet)*unit
			for py := y0; py < y0+unit && py < px; py++ {
				for pxx := x0; pxx < x0+unit && pxx < px; pxx++ {
					img.SetColorIndex(pxx, py, 1)
				}
			}
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img) // encoding to memory does not fail
	return b.Bytes()
}

// finderModule reports whether module (x, y) belongs to a finder pattern
// (with its white separator) and, if so, whether it is dark.
func finderModule(x, y int) (dark, ok bool) {
	for _, o := range [][2]int{{0, 0}, {qrModules - 7, 0}, {0, qrModules - 7}} {
		dx, dy := x-o[0], y-o[1]
		if dx < -1 || dx > 7 || dy < -1 || dy > 7 {
			continue
		}
		if dx < 0 || dx > 6 || dy < 0 || dy > 6 {
			return false, true // separator
		}
		ring := min(dx, dy, 6-dx, 6-dy)
		return ring != 1, true
	}
	return false, false
}

// qrBits stretches seed into one bit per module.
func qrBits(seed string) []bool {
	bits := make([]bool, 0, qrModules*qrModules)
	for i := uint32(0); len(bits) < qrModules*qrModules; i++ {
		var ctr [4]byte
		binary.BigEndian.PutUint32(ctr[:], i)
		sum := sha256.Sum256(append([]byte(seed), ctr[:]...))
		for _, b := range sum {
			for k := range 8 {
				bits = append(bits, b&(1<<k) != 0)
			}
		}
	}
	return bits[:qrModules*qrModules]
}
