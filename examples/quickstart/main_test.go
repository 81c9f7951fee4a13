package main

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// Without WHOP_API_KEY the quickstart runs its whole tour against the
// in-process fake and succeeds.
func TestQuickstartOffline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	if err := run(ctx, func(string) string { return "" }, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	for _, want := range []string{"in-memory whoptest server", "created product", "paid payments since", "refunded 1.00 of"} {
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestQuickstartNeedsCompanyWithRealKey(t *testing.T) {
	env := map[string]string{"WHOP_API_KEY": "sk_live_x"}
	err := run(context.Background(), func(k string) string { return env[k] }, &bytes.Buffer{})
	if err == nil {
		t.Fatal("expected an error without WHOP_COMPANY_ID")
	}
}
