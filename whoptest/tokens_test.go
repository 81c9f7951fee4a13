package whoptest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTokenBalancesAndTransfers(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	alice, bob := srv.SeedMember("Alice"), srv.SeedMember("Bob")
	co := srv.CompanyID()

	add, err := c.CompanyTokenTransactions.Create(ctx, &whop.CompanyTokenTransactionCreateParams{
		TransactionType: whop.CompanyTokenTransactionTypeAdd, Amount: 100, CompanyID: co, UserID: alice.UserID})
	require.NoError(t, err)
	assert.Equal(t, alice.ID, add.Member.ID)
	require.NotNil(t, add.IdempotencyKey, "the client generated a key")

	// Overdraft refused, balance unchanged.
	_, err = c.CompanyTokenTransactions.Create(ctx, &whop.CompanyTokenTransactionCreateParams{
		TransactionType: whop.CompanyTokenTransactionTypeSubtract, Amount: 100.5, CompanyID: co, UserID: alice.UserID})
	require.ErrorIs(t, err, whop.ErrUnprocessable)
	_, err = c.CompanyTokenTransactions.Create(ctx, &whop.CompanyTokenTransactionCreateParams{
		TransactionType: whop.CompanyTokenTransactionTypeTransfer, Amount: 1000, CompanyID: co, UserID: alice.UserID, DestinationUserID: bob.UserID})
	require.ErrorIs(t, err, whop.ErrUnprocessable)
	assert.Equal(t, 100.0, srv.TokenBalance(co, alice.UserID))

	tr, err := c.CompanyTokenTransactions.Create(ctx, &whop.CompanyTokenTransactionCreateParams{
		TransactionType: whop.CompanyTokenTransactionTypeTransfer, Amount: 40, CompanyID: co, UserID: alice.UserID, DestinationUserID: bob.UserID})
	require.NoError(t, err)
	require.NotNil(t, tr.LinkedTransactionID)
	leg, err := c.CompanyTokenTransactions.Get(ctx, *tr.LinkedTransactionID)
	require.NoError(t, err)
	assert.Equal(t, bob.UserID, leg.User.ID)
	require.NotNil(t, leg.LinkedTransactionID)
	assert.Equal(t, tr.ID, *leg.LinkedTransactionID, "the legs point at each other")
	assert.Equal(t, 60.0, srv.TokenBalance(co, alice.UserID))
	assert.Equal(t, 40.0, srv.TokenBalance(co, bob.UserID))

	var bobs []string
	for tx, err := range c.CompanyTokenTransactions.ListAll(ctx, &whop.CompanyTokenTransactionListParams{CompanyID: co, UserID: bob.UserID}) {
		require.NoError(t, err)
		bobs = append(bobs, tx.ID)
	}
	assert.Equal(t, []string{leg.ID}, bobs)
}

func TestTokenIdempotentCreate(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	m := srv.SeedMember("Carol")
	params := &whop.CompanyTokenTransactionCreateParams{
		TransactionType: whop.CompanyTokenTransactionTypeAdd, Amount: 5, CompanyID: srv.CompanyID(), UserID: m.UserID, IdempotencyKey: "order-42"}
	a, err := c.CompanyTokenTransactions.Create(ctx, params)
	require.NoError(t, err)
	b, err := c.CompanyTokenTransactions.Create(ctx, params)
	require.NoError(t, err)
	assert.Equal(t, a.ID, b.ID)
	assert.Equal(t, 5.0, srv.TokenBalance(srv.CompanyID(), m.UserID), "applied once")
}

// A 500 after the server applied the transaction: the client's retry
// carries the same key, so the balance moves once.
func TestTokenRetryAfterServerErrorAppliesOnce(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	m := srv.SeedMember("Dan")
	srv.FailNext(1, 503, nil)
	_, err := c.CompanyTokenTransactions.Create(context.Background(), &whop.CompanyTokenTransactionCreateParams{
		TransactionType: whop.CompanyTokenTransactionTypeAdd, Amount: 7, CompanyID: srv.CompanyID(), UserID: m.UserID})
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	var k1, k2 struct {
		Key string `json:"idempotency_key"`
	}
	require.NoError(t, json.Unmarshal(reqs[0].Body, &k1))
	require.NoError(t, json.Unmarshal(reqs[1].Body, &k2))
	assert.NotEmpty(t, k1.Key)
	assert.Equal(t, k1.Key, k2.Key)
	assert.Equal(t, 7.0, srv.TokenBalance(srv.CompanyID(), m.UserID))
}

func TestConcurrentTokenAddsLoseNothing(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	m := srv.SeedMember("Eve")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.CompanyTokenTransactions.Create(context.Background(), &whop.CompanyTokenTransactionCreateParams{
				TransactionType: whop.CompanyTokenTransactionTypeAdd, Amount: 1, CompanyID: srv.CompanyID(), UserID: m.UserID})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Equal(t, 20.0, srv.TokenBalance(srv.CompanyID(), m.UserID))
}

func TestAccessTokens(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	srv := whoptest.NewServer(t, whoptest.WithClock(func() time.Time { return now }))
	c := srv.Client()
	ctx := context.Background()

	tok, err := c.AccessTokens.Create(ctx, &whop.AccessTokenCreateParams{CompanyID: srv.CompanyID()})
	require.NoError(t, err)
	assert.Equal(t, now.Add(time.Hour), tok.ExpiresAt)
	parts := strings.Split(tok.Token, ".")
	require.Len(t, parts, 3, "JWT-shaped")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	assert.Contains(t, string(payload), srv.CompanyID())

	exp := now.Add(2 * time.Hour)
	tok, err = c.AccessTokens.Create(ctx, &whop.AccessTokenCreateParams{CompanyID: srv.CompanyID(), ExpiresAt: &exp})
	require.NoError(t, err)
	assert.Equal(t, exp, tok.ExpiresAt)

	tooLate := now.Add(4 * time.Hour)
	_, err = c.AccessTokens.Create(ctx, &whop.AccessTokenCreateParams{CompanyID: srv.CompanyID(), ExpiresAt: &tooLate})
	var apiErr *whop.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "expires_at", apiErr.Param)
}
