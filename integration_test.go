package whop_test

import (
	"context"
	"testing"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryMethodAgainstWhoptest drives every service method through the
// real pipeline against the in-memory fake, end to end.
func TestEveryMethodAgainstWhoptest(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	co := srv.CompanyID()
	m, other := srv.SeedMember("Ada"), srv.SeedMember("Bob")
	card, err := srv.SeedPaymentMethod(m.ID, whop.PaymentMethodVariantCard)
	require.NoError(t, err)

	// Products: Create, Get, Update, List, ListAll, Delete.
	prod, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: co, Title: "Course"})
	require.NoError(t, err)
	_, err = c.Products.Get(ctx, prod.ID)
	require.NoError(t, err)
	_, err = c.Products.Update(ctx, prod.ID, &whop.ProductUpdateParams{Headline: whop.Value("New")})
	require.NoError(t, err)
	page, err := c.Products.List(ctx, &whop.ProductListParams{CompanyID: co})
	require.NoError(t, err)
	assert.Len(t, page.Data, 1)
	for _, err := range c.Products.ListAll(ctx, &whop.ProductListParams{CompanyID: co}) {
		require.NoError(t, err)
	}

	// Checkout configurations: Create, Get, List, ListAll.
	planID, err := srv.SeedPlan(prod.ID, 49, whop.CurrencyUSD)
	require.NoError(t, err)
	cc, err := c.CheckoutConfigurations.Create(ctx, &whop.CheckoutConfigurationCreateParams{PlanID: planID})
	require.NoError(t, err)
	_, err = c.CheckoutConfigurations.Get(ctx, cc.ID)
	require.NoError(t, err)
	_, err = c.CheckoutConfigurations.List(ctx, &whop.CheckoutConfigurationListParams{CompanyID: co})
	require.NoError(t, err)
	for _, err := range c.CheckoutConfigurations.ListAll(ctx, &whop.CheckoutConfigurationListParams{CompanyID: co}) {
		require.NoError(t, err)
	}

	// Payment methods: List, ListAll, Get.
	pms, err := c.PaymentMethods.List(ctx, &whop.PaymentMethodListParams{MemberID: m.ID})
	require.NoError(t, err)
	require.Len(t, pms.Data, 1)
	require.NotNil(t, pms.Data[0].Card)
	for _, err := range c.PaymentMethods.ListAll(ctx, &whop.PaymentMethodListParams{CompanyID: co}) {
		require.NoError(t, err)
	}
	_, err = c.PaymentMethods.Get(ctx, card.ID, nil)
	require.NoError(t, err)

	// Payments: Create, Get, List, ListAll, ListFees, ListAllFees, Refund,
	// and Retry/Void on a declined one.
	pay, err := c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: co, PlanID: planID, MemberID: m.ID, PaymentMethodID: &card.ID})
	require.NoError(t, err)
	_, err = c.Payments.Get(ctx, pay.ID)
	require.NoError(t, err)
	_, err = c.Payments.List(ctx, &whop.PaymentListParams{CompanyID: co})
	require.NoError(t, err)
	for _, err := range c.Payments.ListAll(ctx, &whop.PaymentListParams{CompanyID: co}) {
		require.NoError(t, err)
	}
	fees, err := c.Payments.ListFees(ctx, pay.ID, nil)
	require.NoError(t, err)
	nFees := 0
	for _, err := range c.Payments.ListAllFees(ctx, pay.ID, nil) {
		require.NoError(t, err)
		nFees++
	}
	assert.Equal(t, len(fees.Data), nFees)
	_, err = c.Payments.Refund(ctx, pay.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(9.0)})
	require.NoError(t, err)

	srv.SetDeclining(card.ID, true)
	failed, err := c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: co, PlanID: planID, MemberID: m.ID})
	require.NoError(t, err)
	_, err = c.Payments.Retry(ctx, failed.ID)
	require.NoError(t, err)
	voided, err := c.Payments.Void(ctx, failed.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.PaymentStatusVoid, *voided.Status)

	// Company token transactions: Create, Get, List, ListAll.
	tx, err := c.CompanyTokenTransactions.Create(ctx, &whop.CompanyTokenTransactionCreateParams{
		TransactionType: whop.CompanyTokenTransactionTypeAdd, Amount: 10, CompanyID: co, UserID: m.UserID})
	require.NoError(t, err)
	_, err = c.CompanyTokenTransactions.Create(ctx, &whop.CompanyTokenTransactionCreateParams{
		TransactionType: whop.CompanyTokenTransactionTypeTransfer, Amount: 4, CompanyID: co, UserID: m.UserID, DestinationUserID: other.UserID})
	require.NoError(t, err)
	_, err = c.CompanyTokenTransactions.Get(ctx, tx.ID)
	require.NoError(t, err)
	txs, err := c.CompanyTokenTransactions.List(ctx, &whop.CompanyTokenTransactionListParams{CompanyID: co})
	require.NoError(t, err)
	assert.Len(t, txs.Data, 3, "add + both transfer legs")
	for _, err := range c.CompanyTokenTransactions.ListAll(ctx, &whop.CompanyTokenTransactionListParams{CompanyID: co, UserID: other.UserID}) {
		require.NoError(t, err)
	}

	// Access tokens: Create.
	tok, err := c.AccessTokens.Create(ctx, &whop.AccessTokenCreateParams{CompanyID: co})
	require.NoError(t, err)
	assert.NotEmpty(t, tok.Token)

	require.NoError(t, c.Products.Delete(ctx, prod.ID))
}
