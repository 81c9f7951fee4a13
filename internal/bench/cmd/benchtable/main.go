// Command benchtable reads the output of `go test -bench` for the paired
// benchmarks of package whop (bench_test.go, webhooks_bench_test.go) and
// prints one Markdown table: each SDK benchmark with its median ns/op and
// allocs/op, its ratio to its pair, its target and whether the target is
// met. scripts/bench runs it; see the README's Performance section.
//
// Usage:
//
//	benchtable [bench.out]
//
// It reads standard input when no file is named. The exit status is 1 when
// a target is missed or a benchmark is missing from the input, 2 when the
// input cannot be read.
package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// results holds, per benchmark name (without the -GOMAXPROCS suffix) and
// per unit, the value of every run.
type results map[string]map[string][]float64

// header holds the environment lines go test prints before its results.
type header struct {
	goos, goarch, cpu string
}

var procsSuffix = regexp.MustCompile(`-\d+$`)

// parse reads benchmark lines ("BenchmarkX/sub-2  100  123 ns/op  4 allocs/op
// ...") and the goos, goarch and cpu lines; everything else is ignored.
func parse(r io.Reader) (results, header, error) {
	res := results{}
	var h header
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, kv := range []struct {
			prefix string
			dst    *string
		}{{"goos: ", &h.goos}, {"goarch: ", &h.goarch}, {"cpu: ", &h.cpu}} {
			if strings.HasPrefix(line, kv.prefix) && *kv.dst == "" {
				*kv.dst = strings.TrimPrefix(line, kv.prefix)
			}
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.ParseInt(f[1], 10, 64); err != nil {
			continue
		}
		name := procsSuffix.ReplaceAllString(f[0], "")
		if res[name] == nil {
			res[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			res[name][f[i+1]] = append(res[name][f[i+1]], v)
		}
	}
	return res, h, sc.Err()
}

func median(vs []float64) float64 {
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func maximum(vs []float64) float64 {
	m := math.Inf(-1)
	for _, v := range vs {
		m = math.Max(m, v)
	}
	return m
}

// spread is the largest distance of a run from the median, relative to it.
func spread(vs []float64) float64 {
	m := median(vs)
	if m == 0 {
		return 0
	}
	d := 0.0
	for _, v := range vs {
		d = math.Max(d, math.Abs(v-m))
	}
	return d / m
}

// limit is one target of a row: got computes the value from the results
// and shows it, and the target is met when the value is at most max.
type limit struct {
	what string
	max  float64
	// unit is how the value and max are printed: "x" for a ratio, "" for
	// a count.
	unit string
	// vsPair marks a ratio to the pair; the table groups those.
	vsPair bool
	got    func(res results, bench, pair string) (float64, error)
}

// row is one SDK benchmark, its pair and its targets. A row without
// limits is shown for information only.
type row struct {
	bench     string
	pair      string // "" when unpaired
	pairLabel string
	info      []limit // values shown but not judged
	limits    []limit
	pairInfo  []limit // values of the pair, shown on its line
}

func values(res results, bench, unit string) ([]float64, error) {
	vs := res[bench][unit]
	if len(vs) == 0 {
		return nil, fmt.Errorf("no %s for %s", unit, bench)
	}
	return vs, nil
}

// ratioOf compares the medians of unit between bench and its pair.
func ratioOf(unit string) func(results, string, string) (float64, error) {
	return func(res results, bench, pair string) (float64, error) {
		a, err := values(res, bench, unit)
		if err != nil {
			return 0, err
		}
		b, err := values(res, pair, unit)
		if err != nil {
			return 0, err
		}
		if median(b) == 0 {
			if median(a) == 0 {
				return 1, nil
			}
			return math.Inf(1), nil
		}
		return median(a) / median(b), nil
	}
}

// worst is the largest value of unit over all runs of bench.
func worst(unit string) func(results, string, string) (float64, error) {
	return func(res results, bench, _ string) (float64, error) {
		vs, err := values(res, bench, unit)
		if err != nil {
			return 0, err
		}
		return maximum(vs), nil
	}
}

// medianOf is the median of unit over the runs of bench.
func medianOf(unit string) func(results, string, string) (float64, error) {
	return func(res results, bench, _ string) (float64, error) {
		vs, err := values(res, bench, unit)
		if err != nil {
			return 0, err
		}
		return median(vs), nil
	}
}

// worstOver is the largest value of num over all runs of bench, divided by
// the median of den.
func worstOver(num, den string) func(results, string, string) (float64, error) {
	return func(res results, bench, _ string) (float64, error) {
		n, err := values(res, bench, num)
		if err != nil {
			return 0, err
		}
		d, err := values(res, bench, den)
		if err != nil {
			return 0, err
		}
		return maximum(n) / median(d), nil
	}
}

// rows are the targets of the performance issue. Ratios compare medians;
// peak heap and connection counts are the worst run's.
var rows = []row{
	{
		bench: "BenchmarkProductsGet/sdk", pair: "BenchmarkProductsGet/floor", pairLabel: "floor",
		limits: []limit{
			{what: "time", max: 1.10, unit: "x", vsPair: true, got: ratioOf("ns/op")},
			{what: "allocs", max: 1.50, unit: "x", vsPair: true, got: ratioOf("allocs/op")},
		},
	},
	{
		bench: "BenchmarkPaymentsList/sdk", pair: "BenchmarkPaymentsList/floor", pairLabel: "floor",
		limits: []limit{
			{what: "time", max: 1.10, unit: "x", vsPair: true, got: ratioOf("ns/op")},
			{what: "allocs", max: 1.50, unit: "x", vsPair: true, got: ratioOf("allocs/op")},
		},
	},
	{
		bench: "BenchmarkPaymentsListAll/sdk", pair: "BenchmarkPaymentsListAll/floor", pairLabel: "floor",
		info: []limit{
			{what: "time", unit: "x", vsPair: true, got: ratioOf("ns/op")},
		},
		limits: []limit{
			{what: "peak heap", max: 2.0, unit: "x page", got: worstOver("peak-heap-B", "page-decoded-B")},
		},
		pairInfo: []limit{
			{what: "peak heap", unit: "x page", got: worstOver("peak-heap-B", "page-decoded-B")},
		},
	},
	{
		bench: "BenchmarkProductsGetParallel/sdk", pair: "BenchmarkProductsGetParallel/floor", pairLabel: "floor",
		limits: []limit{
			{what: "time", max: 1.10, unit: "x", vsPair: true, got: ratioOf("ns/op")},
			{what: "allocs", max: 1.50, unit: "x", vsPair: true, got: ratioOf("allocs/op")},
			{what: "new conns", max: 64, got: worst("new-conns")},
		},
		info: []limit{
			{what: "closed", got: worst("closed-conns")},
		},
		pairInfo: []limit{
			{what: "new conns", got: worst("new-conns")},
			{what: "closed", got: worst("closed-conns")},
		},
	},
	{
		bench: "BenchmarkVerify", pair: "BenchmarkVerifyStandardWebhooks", pairLabel: "standard-webhooks",
		limits: []limit{
			{what: "time", max: 0.80, unit: "x", vsPair: true, got: ratioOf("ns/op")},
			{what: "allocs", max: 2, got: medianOf("allocs/op")},
		},
	},
	{
		bench: "BenchmarkProductsGetInMemory/sdk", pair: "BenchmarkProductsGetInMemory/floor", pairLabel: "floor",
		info: []limit{
			{what: "time", unit: "x", vsPair: true, got: ratioOf("ns/op")},
			{what: "allocs", unit: "x", vsPair: true, got: ratioOf("allocs/op")},
		},
	},
}

// formatNs prints a duration per op in the unit that suits it.
func formatNs(ns float64) string {
	switch {
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", ns/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func formatValue(v float64, unit string) string {
	switch {
	case unit == "":
		return strconv.FormatFloat(v, 'f', -1, 64)
	case strings.HasPrefix(unit, "x"):
		return fmt.Sprintf("%.2f%s", v, unit)
	}
	return fmt.Sprintf("%.2f %s", v, unit)
}

// cells are the ns/op and allocs/op columns of bench.
func cells(res results, bench string) (string, string) {
	ns, allocs := "missing", "missing"
	if vs := res[bench]["ns/op"]; len(vs) > 0 {
		ns = fmt.Sprintf("%s ±%.0f%%", formatNs(median(vs)), 100*spread(vs))
	}
	if vs := res[bench]["allocs/op"]; len(vs) > 0 {
		allocs = strconv.FormatFloat(median(vs), 'f', 0, 64)
	}
	return ns, allocs
}

// shown collects the values of a row's column "vs pair": the ratios to
// the pair first, then the row's own values.
type shown struct{ vsPair, own []string }

func (s *shown) add(l limit, text string) {
	if l.vsPair {
		s.vsPair = append(s.vsPair, text)
	} else {
		s.own = append(s.own, text)
	}
}

func (s *shown) String(pairLabel string) string {
	var parts []string
	if len(s.vsPair) > 0 {
		parts = append(parts, "vs "+pairLabel+": "+strings.Join(s.vsPair, ", "))
	}
	if len(s.own) > 0 {
		parts = append(parts, strings.Join(s.own, ", "))
	}
	return strings.Join(parts, "; ")
}

// evaluate shows the value of l, and reports whether it is within max
// (always true without a max).
func evaluate(res results, l limit, bench, pair string, judged bool) (string, bool) {
	v, err := l.got(res, bench, pair)
	if err != nil {
		return l.what + " missing", false
	}
	return l.what + " " + formatValue(v, l.unit), !judged || (v <= l.max && !math.IsNaN(v))
}

// table renders the rows against res and reports whether every target is
// met and every benchmark present.
func table(res results) ([][]string, bool) {
	ok := true
	out := [][]string{{"benchmark", "ns/op", "allocs/op", "vs pair / measured", "target", "result"}}
	for _, r := range rows {
		var got shown
		var want []string
		verdict := "info"
		if len(r.limits) > 0 {
			verdict = "pass"
		}
		for _, l := range r.limits {
			want = append(want, l.what+" ≤ "+formatValue(l.max, l.unit))
			text, met := evaluate(res, l, r.bench, r.pair, true)
			got.add(l, text)
			if !met {
				verdict, ok = "FAIL", false
			}
		}
		for _, l := range r.info {
			text, present := evaluate(res, l, r.bench, r.pair, false)
			got.add(l, text)
			if !present {
				verdict, ok = "FAIL", false
			}
		}
		ns, allocs := cells(res, r.bench)
		if ns == "missing" || (r.pair != "" && len(res[r.pair]) == 0) {
			verdict, ok = "FAIL", false
		}
		out = append(out, []string{strings.TrimPrefix(r.bench, "Benchmark"), ns, allocs, got.String(r.pairLabel), strings.Join(want, ", "), verdict})
		if r.pair != "" {
			var pgot shown
			for _, l := range r.pairInfo {
				text, _ := evaluate(res, l, r.pair, "", false)
				pgot.add(l, text)
			}
			pns, pallocs := cells(res, r.pair)
			out = append(out, []string{strings.TrimPrefix(r.pair, "Benchmark"), pns, pallocs, pgot.String(""), "", ""})
		}
	}
	return out, ok
}

// render writes the table as Markdown with padded columns.
func render(w io.Writer, t [][]string) {
	width := make([]int, len(t[0]))
	for _, r := range t {
		for i, c := range r {
			width[i] = max(width[i], len([]rune(c)))
		}
	}
	line := func(r []string) {
		fmt.Fprint(w, "|")
		for i, c := range r {
			fmt.Fprintf(w, " %s%s |", c, strings.Repeat(" ", width[i]-len([]rune(c))))
		}
		fmt.Fprintln(w)
	}
	line(t[0])
	sep := make([]string, len(width))
	for i, n := range width {
		sep[i] = strings.Repeat("-", n)
	}
	line(sep)
	for _, r := range t[1:] {
		line(r)
	}
}

func runs(res results) int {
	n := 0
	for _, units := range res {
		n = max(n, len(units["ns/op"]))
	}
	return n
}

func main() {
	in := io.Reader(os.Stdin)
	if len(os.Args) > 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtable [bench.out]")
		os.Exit(2)
	}
	if len(os.Args) == 2 {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(2)
		}
		defer f.Close()
		in = f
	}
	res, h, err := parse(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(2)
	}
	t, ok := table(res)
	if h.cpu != "" {
		fmt.Printf("%s/%s, %s\n", h.goos, h.goarch, h.cpu)
	}
	fmt.Printf("medians of %d runs; ± is the largest distance of a run from the median\n\n", runs(res))
	render(os.Stdout, t)
	if !ok {
		fmt.Println("\nsome targets are not met")
		os.Exit(1)
	}
	fmt.Println("\nevery target is met")
}
