package main

import (
	"bytes"
	"strings"
	"testing"
)

const sampleOutput = `goos: linux
goarch: amd64
pkg: github.com/gowhop/whop
cpu: Test CPU
BenchmarkProductsGet/sdk-2         	   24363	     50000 ns/op	    9359 B/op	     136 allocs/op
BenchmarkProductsGet/floor-2       	   24361	     48000 ns/op	   10628 B/op	     129 allocs/op
BenchmarkProductsGet/sdk-2         	   24363	     46000 ns/op	    9359 B/op	     136 allocs/op
BenchmarkProductsGet/floor-2       	   24361	     47000 ns/op	   10628 B/op	     129 allocs/op
BenchmarkProductsGet/sdk-2         	   24363	     49000 ns/op	    9359 B/op	     136 allocs/op
BenchmarkProductsGet/floor-2       	   24361	     46000 ns/op	   10628 B/op	     129 allocs/op
BenchmarkPaymentsList/sdk-2        	     476	   2475260 ns/op	  344680 B/op	    9357 allocs/op
BenchmarkPaymentsList/floor-2      	     453	   2707006 ns/op	  756304 B/op	    9330 allocs/op
BenchmarkPaymentsListAll/sdk-2     	       1	 397351875 ns/op	    246032 page-decoded-B	    462000 peak-heap-B	42056858 B/op	  936921 allocs/op
BenchmarkPaymentsListAll/sdk-2     	       1	 397351875 ns/op	    246032 page-decoded-B	    470000 peak-heap-B	42056858 B/op	  936921 allocs/op
BenchmarkPaymentsListAll/floor-2   	       1	 477597006 ns/op	    246032 page-decoded-B	    510000 peak-heap-B	75786360 B/op	  933892 allocs/op
BenchmarkProductsGetParallel/sdk-2   	   39702	     30035 ns/op	         0 closed-conns	        64.00 new-conns	    9388 B/op	     139 allocs/op
BenchmarkProductsGetParallel/floor-2 	   42133	     29186 ns/op	         0 closed-conns	        64.00 new-conns	   10640 B/op	     128 allocs/op
BenchmarkVerify-2                   	  659044	      1799 ns/op	1138.23 MB/s	       0 B/op	       0 allocs/op
BenchmarkVerifyStandardWebhooks-2   	  301758	      3992 ns/op	 512.99 MB/s	    5329 B/op	      17 allocs/op
BenchmarkProductsGetInMemory/sdk-2   	   85196	     14308 ns/op	    4109 B/op	      74 allocs/op
BenchmarkProductsGetInMemory/floor-2 	   90734	     13314 ns/op	    5744 B/op	      66 allocs/op
PASS
ok  	github.com/gowhop/whop	14.743s
`

func TestParse(t *testing.T) {
	res, h, err := parse(strings.NewReader(sampleOutput))
	if err != nil {
		t.Fatal(err)
	}
	if h.cpu != "Test CPU" || h.goos != "linux" || h.goarch != "amd64" {
		t.Errorf("header = %+v", h)
	}
	if got := res["BenchmarkProductsGet/sdk"]["ns/op"]; len(got) != 3 || got[1] != 46000 {
		t.Errorf("ProductsGet/sdk ns/op = %v", got)
	}
	if got := res["BenchmarkVerify"]["MB/s"]; len(got) != 1 || got[0] != 1138.23 {
		t.Errorf("Verify MB/s = %v", got)
	}
	if got := res["BenchmarkProductsGetParallel/sdk"]["new-conns"]; len(got) != 1 || got[0] != 64 {
		t.Errorf("new-conns = %v", got)
	}
}

func TestTableVerdicts(t *testing.T) {
	res, _, err := parse(strings.NewReader(sampleOutput))
	if err != nil {
		t.Fatal(err)
	}
	tab, ok := table(res)
	if !ok {
		var buf bytes.Buffer
		render(&buf, tab)
		t.Fatalf("targets reported missed:\n%s", buf.String())
	}
	want := map[string]string{
		"ProductsGet/sdk":         "pass", // median 49000 / 47000 = 1.04
		"PaymentsListAll/sdk":     "pass", // worst 470000 / 246032 = 1.91
		"ProductsGetInMemory/sdk": "info",
	}
	for _, r := range tab[1:] {
		if v, ok := want[r[0]]; ok && r[5] != v {
			t.Errorf("%s: result %q, want %q (row %q)", r[0], r[5], v, r)
		}
	}
}

func TestTableMissedTarget(t *testing.T) {
	out := strings.Replace(sampleOutput, "470000 peak-heap-B", "500000 peak-heap-B", 1)
	out = strings.Replace(out, "BenchmarkVerifyStandardWebhooks-2", "BenchmarkSomethingElse-2", 1)
	out = strings.Replace(out, "64.00 new-conns", "65.00 new-conns", 1)
	res, _, err := parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	tab, ok := table(res)
	if ok {
		t.Fatal("table reports every target met")
	}
	failed := map[string]bool{}
	for _, r := range tab[1:] {
		if r[5] == "FAIL" {
			failed[r[0]] = true
		}
	}
	if !failed["PaymentsListAll/sdk"] || !failed["Verify"] || !failed["ProductsGetParallel/sdk"] || len(failed) != 3 {
		t.Errorf("failed rows = %v, want PaymentsListAll/sdk (peak 2.03x), ProductsGetParallel/sdk (65 conns) and Verify (pair missing)", failed)
	}
}

func TestRender(t *testing.T) {
	var buf bytes.Buffer
	render(&buf, [][]string{{"a", "bb"}, {"µs", "x"}})
	want := "| a  | bb |\n| -- | -- |\n| µs | x  |\n"
	if buf.String() != want {
		t.Errorf("render:\n%s\nwant:\n%s", buf.String(), want)
	}
}
