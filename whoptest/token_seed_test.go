package whoptest_test

import (
	"context"
	"math"
	"testing"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A seeded balance is what the API works with: a transfer it covers goes
// through, one above it is refused, and no transaction was recorded for
// the seed itself.
func TestSeedTokenBalance(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	co := srv.CompanyID()
	alice, bob := srv.SeedMember("Alice"), srv.SeedMember("Bob")

	require.NoError(t, srv.SeedTokenBalance(co, alice.UserID, 40))
	assert.Equal(t, 40.0, srv.TokenBalance(co, alice.UserID))
	page, err := c.CompanyTokenTransactions.List(ctx, &whop.CompanyTokenTransactionListParams{CompanyID: co})
	require.NoError(t, err)
	assert.Empty(t, page.Data, "seeding records no transaction")

	transfer := func(amount float64) error {
		_, err := c.CompanyTokenTransactions.Create(ctx, &whop.CompanyTokenTransactionCreateParams{
			TransactionType: whop.CompanyTokenTransactionTypeTransfer, Amount: amount, CompanyID: co,
			UserID: alice.UserID, DestinationUserID: bob.UserID})
		return err
	}
	require.ErrorIs(t, transfer(40.5), whop.ErrUnprocessable, "more than the seeded balance")
	require.NoError(t, transfer(40))
	assert.Equal(t, 0.0, srv.TokenBalance(co, alice.UserID))
	assert.Equal(t, 40.0, srv.TokenBalance(co, bob.UserID))

	// Seeding sets the balance; it does not add to it.
	require.NoError(t, srv.SeedTokenBalance(co, bob.UserID, 5))
	assert.Equal(t, 5.0, srv.TokenBalance(co, bob.UserID))

	other := srv.SeedCompany("Other")
	for _, bad := range []struct {
		company, user string
		balance       float64
	}{
		{co, alice.UserID, -1},
		{co, alice.UserID, math.NaN()},
		{co, alice.UserID, math.Inf(1)},
		{"biz_missing", alice.UserID, 1},
		{other, alice.UserID, 1}, // not a member of that company
		{co, "user_missing", 1},
		{co, "", 1},
	} {
		assert.Error(t, srv.SeedTokenBalance(bad.company, bad.user, bad.balance), "%+v", bad)
	}
	assert.Equal(t, 0.0, srv.TokenBalance(co, alice.UserID), "refused seeds change nothing")
}
