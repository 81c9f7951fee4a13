package whoptest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAuthRequired(t *testing.T) {
	srv := whoptest.NewServer(t)
	c, err := whop.NewClient(whop.WithoutEnvironment(), whop.WithAPIKey("wrong"), whop.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	_, err = c.Products.Get(context.Background(), "prod_x")
	require.ErrorIs(t, err, whop.ErrUnauthorized)
	var apiErr *whop.APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, "unauthorized", apiErr.Type)
	assert.NotEmpty(t, apiErr.RequestID)
}

func TestProductLifecycle(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()

	p, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Pickaxe Pro", Headline: whop.Ptr("Dig")})
	require.NoError(t, err)
	assert.Equal(t, "pickaxe-pro", p.Route)
	assert.Equal(t, srv.CompanyID(), p.Company.ID)

	got, err := c.Products.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, p.ID, got.ID)

	up, err := c.Products.Update(ctx, p.ID, &whop.ProductUpdateParams{Title: whop.Value("Pickaxe Max"), Headline: whop.Null[string]()})
	require.NoError(t, err)
	assert.Equal(t, "Pickaxe Max", up.Title)
	assert.Nil(t, up.Headline)

	require.NoError(t, c.Products.Delete(ctx, p.ID))
	_, err = c.Products.Get(ctx, p.ID)
	assert.ErrorIs(t, err, whop.ErrNotFound)
	assert.ErrorIs(t, c.Products.Delete(ctx, p.ID), whop.ErrNotFound)
}

func TestProductValidationByServer(t *testing.T) {
	srv := whoptest.NewServer(t)
	c, err := whop.NewClient(whop.WithoutEnvironment(), whop.WithAPIKey(srv.APIKey()), whop.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	_, err = c.Products.List(context.Background(), &whop.ProductListParams{CompanyID: "biz_unknown"})
	require.ErrorIs(t, err, whop.ErrNotFound)

	// The server names missing params itself (for clients other than ours).
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+"/products", nil)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

func TestPaginationBothDirections(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	var created []string
	for i := 0; i < 250; i++ {
		p, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: fmt.Sprintf("P %03d", i)})
		require.NoError(t, err)
		created = append(created, p.ID)
	}
	var fwd []string
	for p, err := range c.Products.ListAll(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), Direction: whop.DirectionAsc}) {
		require.NoError(t, err)
		fwd = append(fwd, p.ID)
	}
	assert.Equal(t, created, fwd)

	var back []string
	for p, err := range c.Products.ListAll(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), Direction: whop.DirectionAsc,
		ListParams: whop.ListParams{Last: 40}}) {
		require.NoError(t, err)
		back = append(back, p.ID)
	}
	assert.ElementsMatch(t, created, back)
	assert.Equal(t, created[210:], back[:40], "the first backward page is the end of the list")

	page, err := c.Products.List(ctx, &whop.ProductListParams{CompanyID: srv.CompanyID(), ListParams: whop.ListParams{First: 100}})
	require.NoError(t, err)
	assert.Len(t, page.Data, 100)
	assert.True(t, page.PageInfo.HasNextPage)
	assert.Equal(t, created[249], page.Data[0].ID, "default order is newest first")
}

func TestConcurrentCreatesLoseNothing(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, err := c.Products.Create(context.Background(), &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: fmt.Sprint("p", i)})
			assert.NoError(t, err)
		}(i)
	}
	wg.Wait()
	n := 0
	for _, err := range c.Products.ListAll(context.Background(), &whop.ProductListParams{CompanyID: srv.CompanyID()}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 20, n)
}

func TestFaultInjectionDrivesRetries(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	p, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "x"})
	require.NoError(t, err)

	before := srv.RequestCount()
	srv.FailNext(2, http.StatusServiceUnavailable, nil)
	_, err = c.Products.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, 3, srv.RequestCount()-before, "503, 503, 200")

	before = srv.RequestCount()
	srv.FailNext(1, http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}})
	_, err = c.Products.Get(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, srv.RequestCount()-before)

	before = srv.RequestCount()
	srv.FailNext(1, http.StatusInternalServerError, nil)
	_, err = c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "y"})
	require.NoError(t, err)
	assert.Equal(t, 2, srv.RequestCount()-before, "a POST is retried under its idempotency key")
}

func TestLatencyInjection(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client(whop.WithMaxRetries(0))
	srv.SetLatency(time.Second)
	_, err := c.Products.Get(context.Background(), "prod_x", whop.WithRequestTimeout(20*time.Millisecond))
	require.ErrorIs(t, err, context.DeadlineExceeded)
	srv.SetLatency(0)
}
