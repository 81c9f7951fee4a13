package main

import (
	"bytes"
	"context"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestWhopmockServesSeededCompany(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", "k_test", &out) }()

	re := regexp.MustCompile(`WHOP_BASE_URL=(\S+)`)
	var base string
	require.Eventually(t, func() bool {
		m := re.FindStringSubmatch(out.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	}, 5*time.Second, 5*time.Millisecond)
	assert.Contains(t, out.String(), "WHOP_API_KEY=k_test")

	c, err := whop.NewClient(whop.WithoutEnvironment(), whop.WithAPIKey("k_test"), whop.WithBaseURL(base))
	require.NoError(t, err)
	page, err := c.Products.List(ctx, &whop.ProductListParams{CompanyID: "biz_test00000000001"})
	require.NoError(t, err)
	assert.NotEmpty(t, page.Data)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return after cancel")
	}
}
