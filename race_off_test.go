//go:build !race

package whop

// raceEnabled reports whether the tests run under the race detector, which
// slows byte-by-byte work such as JSON scanning about tenfold.
const raceEnabled = false
