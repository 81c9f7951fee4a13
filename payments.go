package whop

import (
	"context"
	"fmt"
	"iter"
	"math"
	"net/http"
	"time"
)

// PaymentsService reads, creates, refunds, retries and voids payments.
//
// Create, Refund, Retry and Void move money. Like every POST, each call
// carries an Idempotency-Key (yours, from WithIdempotencyKey, or one
// generated for the call) that stays the same on every retry, so Whop
// applies it at most once however many attempts reach it. When a call
// fails with its outcome unknown (a timeout, a lost connection, a 5xx
// after the last retry), the error is an *IdempotencyKeyError: repeat the
// call with WithIdempotencyKey(err.Key) and the same arguments.
type PaymentsService service

// DisputeStatus is the state of a dispute on a payment; its values are
// listed with the Disputes service.
type DisputeStatus string

// PaymentTransactionStatus is the state of a financing transaction. The
// constants are the values API version 2025-01-01 is known to send; treat
// any other string as a state added later.
type PaymentTransactionStatus string

// Values of PaymentTransactionStatus.
const (
	PaymentTransactionStatusSucceeded PaymentTransactionStatus = "succeeded"
	PaymentTransactionStatusDeclined  PaymentTransactionStatus = "declined"
	PaymentTransactionStatusError     PaymentTransactionStatus = "error"
	PaymentTransactionStatusPending   PaymentTransactionStatus = "pending"
	PaymentTransactionStatusCreated   PaymentTransactionStatus = "created"
	PaymentTransactionStatusExpired   PaymentTransactionStatus = "expired"
	PaymentTransactionStatusWon       PaymentTransactionStatus = "won"
	PaymentTransactionStatusRejected  PaymentTransactionStatus = "rejected"
	PaymentTransactionStatusLost      PaymentTransactionStatus = "lost"
	PaymentTransactionStatusPrevented PaymentTransactionStatus = "prevented"
	PaymentTransactionStatusCanceled  PaymentTransactionStatus = "canceled"
)

// PaymentTransactionType is the kind of a financing transaction. The
// constants are the values API version 2025-01-01 is known to send; treat
// any other string as a kind added later.
type PaymentTransactionType string

// Values of PaymentTransactionType.
const (
	PaymentTransactionTypePurchase       PaymentTransactionType = "purchase"
	PaymentTransactionTypeAuthorize      PaymentTransactionType = "authorize"
	PaymentTransactionTypeCapture        PaymentTransactionType = "capture"
	PaymentTransactionTypeRefund         PaymentTransactionType = "refund"
	PaymentTransactionTypeCanceled       PaymentTransactionType = "canceled"
	PaymentTransactionTypeVerify         PaymentTransactionType = "verify"
	PaymentTransactionTypeChargeback     PaymentTransactionType = "chargeback"
	PaymentTransactionTypePreChargeback  PaymentTransactionType = "pre_chargeback"
	PaymentTransactionTypeThreeDSecure   PaymentTransactionType = "three_d_secure"
	PaymentTransactionTypeFraudScreening PaymentTransactionType = "fraud_screening"
	PaymentTransactionTypeAuthorization  PaymentTransactionType = "authorization"
	PaymentTransactionTypeInstallment    PaymentTransactionType = "installment"
)

// PaymentStatus is the state of a payment (the API calls it a receipt status).
type PaymentStatus string

// Values of PaymentStatus.
const (
	PaymentStatusDraft         PaymentStatus = "draft"
	PaymentStatusOpen          PaymentStatus = "open"
	PaymentStatusPaid          PaymentStatus = "paid"
	PaymentStatusPending       PaymentStatus = "pending"
	PaymentStatusUncollectible PaymentStatus = "uncollectible"
	PaymentStatusUnresolved    PaymentStatus = "unresolved"
	PaymentStatusVoid          PaymentStatus = "void"
)

// PaymentSubstatus is the detailed state of a payment as shown to people,
// such as refunded or dispute_warning.
type PaymentSubstatus string

// Values of PaymentSubstatus.
const (
	PaymentSubstatusSucceeded                   PaymentSubstatus = "succeeded"
	PaymentSubstatusPending                     PaymentSubstatus = "pending"
	PaymentSubstatusFailed                      PaymentSubstatus = "failed"
	PaymentSubstatusPastDue                     PaymentSubstatus = "past_due"
	PaymentSubstatusCanceled                    PaymentSubstatus = "canceled"
	PaymentSubstatusPriceTooLow                 PaymentSubstatus = "price_too_low"
	PaymentSubstatusUncollectible               PaymentSubstatus = "uncollectible"
	PaymentSubstatusRefunded                    PaymentSubstatus = "refunded"
	PaymentSubstatusAutoRefunded                PaymentSubstatus = "auto_refunded"
	PaymentSubstatusPartiallyRefunded           PaymentSubstatus = "partially_refunded"
	PaymentSubstatusDisputeWarning              PaymentSubstatus = "dispute_warning"
	PaymentSubstatusDisputeNeedsResponse        PaymentSubstatus = "dispute_needs_response"
	PaymentSubstatusDisputeWarningNeedsResponse PaymentSubstatus = "dispute_warning_needs_response"
	PaymentSubstatusResolutionNeedsResponse     PaymentSubstatus = "resolution_needs_response"
	PaymentSubstatusDisputeUnderReview          PaymentSubstatus = "dispute_under_review"
	PaymentSubstatusDisputeWarningUnderReview   PaymentSubstatus = "dispute_warning_under_review"
	PaymentSubstatusResolutionUnderReview       PaymentSubstatus = "resolution_under_review"
	PaymentSubstatusDisputeWon                  PaymentSubstatus = "dispute_won"
	PaymentSubstatusDisputeWarningClosed        PaymentSubstatus = "dispute_warning_closed"
	PaymentSubstatusResolutionWon               PaymentSubstatus = "resolution_won"
	PaymentSubstatusDisputeLost                 PaymentSubstatus = "dispute_lost"
	PaymentSubstatusDisputeClosed               PaymentSubstatus = "dispute_closed"
	PaymentSubstatusResolutionLost              PaymentSubstatus = "resolution_lost"
	PaymentSubstatusDrafted                     PaymentSubstatus = "drafted"
	PaymentSubstatusIncomplete                  PaymentSubstatus = "incomplete"
	PaymentSubstatusUnresolved                  PaymentSubstatus = "unresolved"
	PaymentSubstatusOpenDispute                 PaymentSubstatus = "open_dispute"
	PaymentSubstatusOpenResolution              PaymentSubstatus = "open_resolution"
)

// BillingReason says why a payment was charged: a new subscription, a
// renewal, a one-time purchase, ...
type BillingReason string

// Values of BillingReason.
const (
	BillingReasonSubscriptionCreate BillingReason = "subscription_create"
	BillingReasonSubscriptionCycle  BillingReason = "subscription_cycle"
	BillingReasonSubscriptionUpdate BillingReason = "subscription_update"
	BillingReasonOneTime            BillingReason = "one_time"
	BillingReasonManual             BillingReason = "manual"
	BillingReasonSubscription       BillingReason = "subscription"
)

// PaymentOrder is the field a payment list is sorted by.
type PaymentOrder string

// Values of PaymentOrder.
const (
	PaymentOrderFinalAmount PaymentOrder = "final_amount"
	PaymentOrderCreatedAt   PaymentOrder = "created_at"
	PaymentOrderPaidAt      PaymentOrder = "paid_at"
)

// PaymentTaxBehavior says how tax was applied to a payment.
type PaymentTaxBehavior string

// Values of PaymentTaxBehavior.
const (
	PaymentTaxBehaviorExclusive       PaymentTaxBehavior = "exclusive"
	PaymentTaxBehaviorInclusive       PaymentTaxBehavior = "inclusive"
	PaymentTaxBehaviorUnspecified     PaymentTaxBehavior = "unspecified"
	PaymentTaxBehaviorUnableToCollect PaymentTaxBehavior = "unable_to_collect"
)

// PaymentDeclineCode is the reason a processor gave for declining a payment.
type PaymentDeclineCode string

// Values of PaymentDeclineCode.
const (
	PaymentDeclineCodeInsufficientFunds                PaymentDeclineCode = "insufficient_funds"
	PaymentDeclineCodeLostCard                         PaymentDeclineCode = "lost_card"
	PaymentDeclineCodeStolenCard                       PaymentDeclineCode = "stolen_card"
	PaymentDeclineCodeExpiredCard                      PaymentDeclineCode = "expired_card"
	PaymentDeclineCodeSuspectedFraud                   PaymentDeclineCode = "suspected_fraud"
	PaymentDeclineCodeInvalidCardNumber                PaymentDeclineCode = "invalid_card_number"
	PaymentDeclineCodeInvalidCVC                       PaymentDeclineCode = "invalid_cvc"
	PaymentDeclineCodeInvalidCVCOrExpiration           PaymentDeclineCode = "invalid_cvc_or_expiration"
	PaymentDeclineCodeIncorrectPIN                     PaymentDeclineCode = "incorrect_pin"
	PaymentDeclineCodeAuthenticationRequired           PaymentDeclineCode = "authentication_required"
	PaymentDeclineCodeCardNotSupported                 PaymentDeclineCode = "card_not_supported"
	PaymentDeclineCodeCurrencyNotSupported             PaymentDeclineCode = "currency_not_supported"
	PaymentDeclineCodeDuplicateTransaction             PaymentDeclineCode = "duplicate_transaction"
	PaymentDeclineCodeGenericDecline                   PaymentDeclineCode = "generic_decline"
	PaymentDeclineCodeInvalidAccount                   PaymentDeclineCode = "invalid_account"
	PaymentDeclineCodeInvalidAmount                    PaymentDeclineCode = "invalid_amount"
	PaymentDeclineCodeProcessingError                  PaymentDeclineCode = "processing_error"
	PaymentDeclineCodeRestrictedCard                   PaymentDeclineCode = "restricted_card"
	PaymentDeclineCodeCardVelocityExceeded             PaymentDeclineCode = "card_velocity_exceeded"
	PaymentDeclineCodeContactIssuer                    PaymentDeclineCode = "contact_issuer"
	PaymentDeclineCodeBankDeclined                     PaymentDeclineCode = "bank_declined"
	PaymentDeclineCodeRegulatoryBlocked                PaymentDeclineCode = "regulatory_blocked"
	PaymentDeclineCodeTransactionNotPermitted          PaymentDeclineCode = "transaction_not_permitted"
	PaymentDeclineCodeTransactionStopped               PaymentDeclineCode = "transaction_stopped"
	PaymentDeclineCodeCardTypeNotSupported             PaymentDeclineCode = "card_type_not_supported"
	PaymentDeclineCodeIssuerNotFound                   PaymentDeclineCode = "issuer_not_found"
	PaymentDeclineCodeClosedAccount                    PaymentDeclineCode = "closed_account"
	PaymentDeclineCodeIssuerUnavailable                PaymentDeclineCode = "issuer_unavailable"
	PaymentDeclineCodeInvalidZip                       PaymentDeclineCode = "invalid_zip"
	PaymentDeclineCodeInvalidExpiryMonth               PaymentDeclineCode = "invalid_expiry_month"
	PaymentDeclineCodeInvalidExpiryYear                PaymentDeclineCode = "invalid_expiry_year"
	PaymentDeclineCodeInvalidExpiry                    PaymentDeclineCode = "invalid_expiry"
	PaymentDeclineCodeInvalidTransaction               PaymentDeclineCode = "invalid_transaction"
	PaymentDeclineCodeCannotAuthorize                  PaymentDeclineCode = "cannot_authorize"
	PaymentDeclineCodePINRequired                      PaymentDeclineCode = "pin_required"
	PaymentDeclineCodePINTryExceeded                   PaymentDeclineCode = "pin_try_exceeded"
	PaymentDeclineCodeProviderDeclined                 PaymentDeclineCode = "provider_declined"
	PaymentDeclineCodeHighRisk                         PaymentDeclineCode = "high_risk"
	PaymentDeclineCodeTestModeDecline                  PaymentDeclineCode = "test_mode_decline"
	PaymentDeclineCodeMerchantBlacklist                PaymentDeclineCode = "merchant_blacklist"
	PaymentDeclineCodeReenterTransaction               PaymentDeclineCode = "reenter_transaction"
	PaymentDeclineCodeInvalidPIN                       PaymentDeclineCode = "invalid_pin"
	PaymentDeclineCodePINRequiredAs                    PaymentDeclineCode = "pin_required_as"
	PaymentDeclineCodeWithdrawalCountLimitExceeded     PaymentDeclineCode = "withdrawal_count_limit_exceeded"
	PaymentDeclineCodeInvalidCountry                   PaymentDeclineCode = "invalid_country"
	PaymentDeclineCodeIssuerError                      PaymentDeclineCode = "issuer_error"
	PaymentDeclineCodeInvalidCardHolderName            PaymentDeclineCode = "invalid_card_holder_name"
	PaymentDeclineCodeNoAccounts                       PaymentDeclineCode = "no_accounts"
	PaymentDeclineCodeTransactionCancelled             PaymentDeclineCode = "transaction_cancelled"
	PaymentDeclineCodeThreeDSecureSuccess              PaymentDeclineCode = "three_d_secure_success"
	PaymentDeclineCodeThreeDSecureCanceled             PaymentDeclineCode = "three_d_secure_canceled"
	PaymentDeclineCodeThreeDSecureInvalidCardNumber    PaymentDeclineCode = "three_d_secure_invalid_card_number"
	PaymentDeclineCodeThreeDSecureGenericError         PaymentDeclineCode = "three_d_secure_generic_error"
	PaymentDeclineCodeThreeDSecureTimeout              PaymentDeclineCode = "three_d_secure_timeout"
	PaymentDeclineCodeThreeDSecureFailed               PaymentDeclineCode = "three_d_secure_failed"
	PaymentDeclineCodeThreeDSecureCardNotEnrolled      PaymentDeclineCode = "three_d_secure_card_not_enrolled"
	PaymentDeclineCodeThreeDSecureFraud                PaymentDeclineCode = "three_d_secure_fraud"
	PaymentDeclineCodeThreeDSecureTooManyAttempts      PaymentDeclineCode = "three_d_secure_too_many_attempts"
	PaymentDeclineCodeThreeDSecureRejectedByBank       PaymentDeclineCode = "three_d_secure_rejected_by_bank"
	PaymentDeclineCodeThreeDSecureReportedLostOrStolen PaymentDeclineCode = "three_d_secure_reported_lost_or_stolen"
	PaymentDeclineCodeBlockedByCardholder              PaymentDeclineCode = "blocked_by_cardholder"
	PaymentDeclineCodeTestModeTestCard                 PaymentDeclineCode = "test_mode_test_card"
	PaymentDeclineCodeTryAgainLater                    PaymentDeclineCode = "try_again_later"
	PaymentDeclineCodeTransactionNotAllowed            PaymentDeclineCode = "transaction_not_allowed"
	PaymentDeclineCodeBankInsufficientFunds            PaymentDeclineCode = "bank_insufficient_funds"
	PaymentDeclineCodeBankAccountNotFound              PaymentDeclineCode = "bank_account_not_found"
	PaymentDeclineCodeBankAccountClosed                PaymentDeclineCode = "bank_account_closed"
	PaymentDeclineCodeBankAccountFrozen                PaymentDeclineCode = "bank_account_frozen"
	PaymentDeclineCodeBankInvalidRoutingNumber         PaymentDeclineCode = "bank_invalid_routing_number"
	PaymentDeclineCodeBankNonTransactionAccount        PaymentDeclineCode = "bank_non_transaction_account"
	PaymentDeclineCodeBankAuthorizationRevoked         PaymentDeclineCode = "bank_authorization_revoked"
	PaymentDeclineCodeBankPaymentStopped               PaymentDeclineCode = "bank_payment_stopped"
	PaymentDeclineCodeBankNotAuthorized                PaymentDeclineCode = "bank_not_authorized"
	PaymentDeclineCodeBankAccountHolderDeceased        PaymentDeclineCode = "bank_account_holder_deceased"
	PaymentDeclineCodeBankDuplicate                    PaymentDeclineCode = "bank_duplicate"
	PaymentDeclineCodeBankAmountError                  PaymentDeclineCode = "bank_amount_error"
	PaymentDeclineCodeBankRegulatoryBlocked            PaymentDeclineCode = "bank_regulatory_blocked"
	PaymentDeclineCodeBankDetailsInvalid               PaymentDeclineCode = "bank_details_invalid"
	PaymentDeclineCodeBankProcessingError              PaymentDeclineCode = "bank_processing_error"
	PaymentDeclineCodeBankGenericDecline               PaymentDeclineCode = "bank_generic_decline"
	PaymentDeclineCodeSEPAInvalidIBAN                  PaymentDeclineCode = "sepa_invalid_iban"
	PaymentDeclineCodeSEPANoMandate                    PaymentDeclineCode = "sepa_no_mandate"
	PaymentDeclineCodeSEPAMandateDataInvalid           PaymentDeclineCode = "sepa_mandate_data_invalid"
	PaymentDeclineCodeSEPADisputed                     PaymentDeclineCode = "sepa_disputed"
	PaymentDeclineCodeSEPARefusedByCustomer            PaymentDeclineCode = "sepa_refused_by_customer"
	PaymentDeclineCodeSEPAGenericDecline               PaymentDeclineCode = "sepa_generic_decline"
)

// RefundStatus is the state of a refund.
type RefundStatus string

// Values of RefundStatus.
const (
	RefundStatusPending        RefundStatus = "pending"
	RefundStatusRequiresAction RefundStatus = "requires_action"
	RefundStatusSucceeded      RefundStatus = "succeeded"
	RefundStatusFailed         RefundStatus = "failed"
	RefundStatusCanceled       RefundStatus = "canceled"
)

// PromoType says whether a promo code takes off a percentage or a fixed amount.
type PromoType string

// Values of PromoType.
const (
	PromoTypePercentage PromoType = "percentage"
	PromoTypeFlatAmount PromoType = "flat_amount"
)

// PaymentFeeType names what a fee on a payment was charged for.
type PaymentFeeType string

// Values of PaymentFeeType.
const (
	PaymentFeeTypeStripeDomesticProcessingFee      PaymentFeeType = "stripe_domestic_processing_fee"
	PaymentFeeTypeStripeInternationalProcessingFee PaymentFeeType = "stripe_international_processing_fee"
	PaymentFeeTypeStripeFixedProcessingFee         PaymentFeeType = "stripe_fixed_processing_fee"
	PaymentFeeTypeStripeBillingFee                 PaymentFeeType = "stripe_billing_fee"
	PaymentFeeTypeStripeRadarFee                   PaymentFeeType = "stripe_radar_fee"
	PaymentFeeTypeSalesTaxRemittance               PaymentFeeType = "sales_tax_remittance"
	PaymentFeeTypeSalesTaxRemittanceReversal       PaymentFeeType = "sales_tax_remittance_reversal"
	PaymentFeeTypeStripeSalesTaxFee                PaymentFeeType = "stripe_sales_tax_fee"
	PaymentFeeTypeWhopProcessingFee                PaymentFeeType = "whop_processing_fee"
	PaymentFeeTypeMarketplaceAffiliateFee          PaymentFeeType = "marketplace_affiliate_fee"
	PaymentFeeTypeAffiliateFee                     PaymentFeeType = "affiliate_fee"
	PaymentFeeTypeCryptoFee                        PaymentFeeType = "crypto_fee"
	PaymentFeeTypeStripeStandardProcessingFee      PaymentFeeType = "stripe_standard_processing_fee"
	PaymentFeeTypePaypalFee                        PaymentFeeType = "paypal_fee"
	PaymentFeeTypeStripePayoutFee                  PaymentFeeType = "stripe_payout_fee"
	PaymentFeeTypeDisputeFee                       PaymentFeeType = "dispute_fee"
	PaymentFeeTypeDisputeAlertFee                  PaymentFeeType = "dispute_alert_fee"
	PaymentFeeTypeAppleProcessingFee               PaymentFeeType = "apple_processing_fee"
	PaymentFeeTypeBuyerFee                         PaymentFeeType = "buyer_fee"
	PaymentFeeTypeSezzleProcessingFee              PaymentFeeType = "sezzle_processing_fee"
	PaymentFeeTypeSplititProcessingFee             PaymentFeeType = "splitit_processing_fee"
	PaymentFeeTypePlatformBalanceProcessingFee     PaymentFeeType = "platform_balance_processing_fee"
	PaymentFeeTypePaymentProcessingPercentageFee   PaymentFeeType = "payment_processing_percentage_fee"
	PaymentFeeTypePaymentProcessingFixedFee        PaymentFeeType = "payment_processing_fixed_fee"
	PaymentFeeTypeCrossBorderPercentageFee         PaymentFeeType = "cross_border_percentage_fee"
	PaymentFeeTypeFXPercentageFee                  PaymentFeeType = "fx_percentage_fee"
	PaymentFeeTypeOrchestrationPercentageFee       PaymentFeeType = "orchestration_percentage_fee"
	PaymentFeeTypeThreeDSFixedFee                  PaymentFeeType = "three_ds_fixed_fee"
	PaymentFeeTypeBillingPercentageFee             PaymentFeeType = "billing_percentage_fee"
	PaymentFeeTypeRevsharePercentageFee            PaymentFeeType = "revshare_percentage_fee"
	PaymentFeeTypeApplicationFee                   PaymentFeeType = "application_fee"
	PaymentFeeTypeHighRiskMerchantFee              PaymentFeeType = "high_risk_merchant_fee"
)

// ShipmentStatus is the delivery state of a shipment.
type ShipmentStatus string

// Values of ShipmentStatus.
const (
	ShipmentStatusUnknown            ShipmentStatus = "unknown"
	ShipmentStatusPreTransit         ShipmentStatus = "pre_transit"
	ShipmentStatusInTransit          ShipmentStatus = "in_transit"
	ShipmentStatusOutForDelivery     ShipmentStatus = "out_for_delivery"
	ShipmentStatusDelivered          ShipmentStatus = "delivered"
	ShipmentStatusAvailableForPickup ShipmentStatus = "available_for_pickup"
	ShipmentStatusReturnToSender     ShipmentStatus = "return_to_sender"
	ShipmentStatusFailure            ShipmentStatus = "failure"
	ShipmentStatusCancelled          ShipmentStatus = "cancelled"
	ShipmentStatusError              ShipmentStatus = "error"
)

// ResolutionIssue is what a customer complains about in a resolution case.
type ResolutionIssue string

// Values of ResolutionIssue.
const (
	ResolutionIssueForgotToCancel              ResolutionIssue = "forgot_to_cancel"
	ResolutionIssueItemNotReceived             ResolutionIssue = "item_not_received"
	ResolutionIssueSignificantlyNotAsDescribed ResolutionIssue = "significantly_not_as_described"
	ResolutionIssueUnauthorizedTransaction     ResolutionIssue = "unauthorized_transaction"
	ResolutionIssueProductUnacceptable         ResolutionIssue = "product_unacceptable"
)

// ResolutionStatus is the state of a resolution case.
type ResolutionStatus string

// Values of ResolutionStatus.
const (
	ResolutionStatusMerchantResponseNeeded ResolutionStatus = "merchant_response_needed"
	ResolutionStatusCustomerResponseNeeded ResolutionStatus = "customer_response_needed"
	ResolutionStatusMerchantInfoNeeded     ResolutionStatus = "merchant_info_needed"
	ResolutionStatusCustomerInfoNeeded     ResolutionStatus = "customer_info_needed"
	ResolutionStatusUnderPlatformReview    ResolutionStatus = "under_platform_review"
	ResolutionStatusCustomerWon            ResolutionStatus = "customer_won"
	ResolutionStatusMerchantWon            ResolutionStatus = "merchant_won"
	ResolutionStatusCustomerWithdrew       ResolutionStatus = "customer_withdrew"
)

// ResolutionCustomerResponse is an action the customer can take on a resolution case.
type ResolutionCustomerResponse string

// Values of ResolutionCustomerResponse.
const (
	ResolutionCustomerResponseRespond  ResolutionCustomerResponse = "respond"
	ResolutionCustomerResponseAppeal   ResolutionCustomerResponse = "appeal"
	ResolutionCustomerResponseWithdraw ResolutionCustomerResponse = "withdraw"
)

// ResolutionMerchantResponse is an action the merchant can take on a resolution case.
type ResolutionMerchantResponse string

// Values of ResolutionMerchantResponse.
const (
	ResolutionMerchantResponseAccept          ResolutionMerchantResponse = "accept"
	ResolutionMerchantResponseDeny            ResolutionMerchantResponse = "deny"
	ResolutionMerchantResponseRequestMoreInfo ResolutionMerchantResponse = "request_more_info"
	ResolutionMerchantResponseAppeal          ResolutionMerchantResponse = "appeal"
	ResolutionMerchantResponseRespond         ResolutionMerchantResponse = "respond"
)

// ResolutionPlatformResponse is an action Whop can take on a resolution case.
type ResolutionPlatformResponse string

// Values of ResolutionPlatformResponse.
const (
	ResolutionPlatformResponseRequestBuyerInfo    ResolutionPlatformResponse = "request_buyer_info"
	ResolutionPlatformResponseRequestMerchantInfo ResolutionPlatformResponse = "request_merchant_info"
	ResolutionPlatformResponseMerchantWins        ResolutionPlatformResponse = "merchant_wins"
	ResolutionPlatformResponseMerchantRefund      ResolutionPlatformResponse = "merchant_refund"
)

// Payment is a payment with all its details, as returned by Get, Create,
// Refund, Retry and Void, and carried by payment.* webhooks.
//
// Amounts are float64 in the unit the API uses: whole currency units with
// decimals (6.9 is 6.90), in Currency unless the field says otherwise.
type Payment struct {
	ID        string           `json:"id"`
	Status    *PaymentStatus   `json:"status"`
	Substatus PaymentSubstatus `json:"substatus"`
	// Refundable, Retryable and Voidable say whether Refund, Retry and Void
	// may succeed on this payment right now.
	Refundable bool `json:"refundable"`
	Retryable  bool `json:"retryable"`
	Voidable   bool `json:"voidable"`

	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
	PaidAt             *time.Time `json:"paid_at"`
	LastPaymentAttempt *time.Time `json:"last_payment_attempt"`
	NextPaymentAttempt *time.Time `json:"next_payment_attempt"`
	DisputeAlertedAt   *time.Time `json:"dispute_alerted_at"`
	RefundedAt         *time.Time `json:"refunded_at"`
	// SettlementTimeAt is when the funds become available in the company's
	// balance.
	SettlementTimeAt *time.Time `json:"settlement_time_at"`

	Plan               *PlanRef                   `json:"plan"`
	Product            *ProductRef                `json:"product"`
	User               *UserRef                   `json:"user"`
	Membership         *MembershipRef             `json:"membership"`
	Member             *MemberRef                 `json:"member"`
	PaymentMethod      *PaymentMethodRef          `json:"payment_method"`
	PaymentInstrument  *PaymentInstrument         `json:"payment_instrument"`
	Company            *CompanyRef                `json:"company"`
	PromoCode          *PaymentPromoCode          `json:"promo_code"`
	BillingAddress     *PaymentAddress            `json:"billing_address"`
	ShippingAddress    *PaymentAddress            `json:"shipping_address"`
	Shipment           *PaymentShipment           `json:"shipment"`
	ApplicationFee     *PaymentApplicationFee     `json:"application_fee"`
	VerificationChecks *PaymentVerificationChecks `json:"verification_checks"`

	Currency Currency `json:"currency"`
	// Total, Subtotal and USDTotal exclude the fees paid by the buyer.
	Total    *float64 `json:"total"`
	Subtotal *float64 `json:"subtotal"`
	USDTotal *float64 `json:"usd_total"`
	// AmountAfterFees is what is left of the payment once fees are taken.
	AmountAfterFees float64 `json:"amount_after_fees"`
	// SettlementAmount is what the customer was charged, taxes included
	// and discounts applied. It is in Currency, as the API documents it,
	// not necessarily in SettlementCurrency: print it with Currency.
	SettlementAmount   float64  `json:"settlement_amount"`
	SettlementCurrency Currency `json:"settlement_currency"`
	// SettlementExchangeRate is deprecated by the API and always null.
	SettlementExchangeRate *float64            `json:"settlement_exchange_rate"`
	RefundedAmount         *float64            `json:"refunded_amount"`
	AutoRefunded           bool                `json:"auto_refunded"`
	TaxAmount              *float64            `json:"tax_amount"`
	TaxRefundedAmount      *float64            `json:"tax_refunded_amount"`
	TaxBehavior            *PaymentTaxBehavior `json:"tax_behavior"`
	Fees                   []PaymentFee        `json:"fees"`
	Refunds                []PaymentRefund     `json:"refunds"`
	// Disputes and Resolutions are nil when the API key lacks the
	// permission to read them.
	Disputes    []PaymentDispute    `json:"disputes"`
	Resolutions []PaymentResolution `json:"resolutions"`

	PaymentMethodType *PaymentMethodType  `json:"payment_method_type"`
	CardBrand         *CardBrand          `json:"card_brand"`
	CardLast4         *string             `json:"card_last4"`
	CardExpMonth      *int                `json:"card_exp_month"`
	CardExpYear       *int                `json:"card_exp_year"`
	BillingReason     *BillingReason      `json:"billing_reason"`
	PaymentsFailed    *int                `json:"payments_failed"`
	DeclineCode       *PaymentDeclineCode `json:"decline_code"`
	FailureMessage    *string             `json:"failure_message"`
	ThreeDSVerified   bool                `json:"three_ds_verified"`
	// RiskScore is Whop's fraud score, from 0 (lowest risk) to 100.
	RiskScore   *int           `json:"risk_score"`
	RiskSignals map[string]any `json:"risk_signals"`
	// NeedsTracking reports funds held until the order ships with a
	// tracking number.
	NeedsTracking              *bool                         `json:"needs_tracking"`
	CustomerPhone              *string                       `json:"customer_phone"`
	FinancingInstallmentsCount *int                          `json:"financing_installments_count"`
	FinancingTransactions      []PaymentFinancingTransaction `json:"financing_transactions"`
	CheckoutConfigurationID    *string                       `json:"checkout_configuration_id"`
	Metadata                   map[string]any                `json:"metadata"`

	// ClientSecret is what the buyer's browser or app presents to poll
	// this payment and set its return URL. Get and Create fill it for a
	// payment made from a confirmation token, when the API key has the
	// payment:charge permission; it is nil otherwise, and always in the
	// answers of Refund, Retry and Void and in webhooks. It unlocks this
	// one payment: keep it out of logs.
	ClientSecret *string `json:"client_secret,omitempty"`
}

func (p *Payment) identity() (field, value string) { return "id", p.ID }

// PaymentListItem is the summary of a payment returned by List. Its nested
// objects carry fewer fields than Payment's; use Get for the rest.
type PaymentListItem struct {
	ID                 string            `json:"id"`
	Status             *PaymentStatus    `json:"status"`
	Substatus          PaymentSubstatus  `json:"substatus"`
	Refundable         bool              `json:"refundable"`
	Retryable          bool              `json:"retryable"`
	Voidable           bool              `json:"voidable"`
	CreatedAt          time.Time         `json:"created_at"`
	UpdatedAt          time.Time         `json:"updated_at"`
	PaidAt             *time.Time        `json:"paid_at"`
	LastPaymentAttempt *time.Time        `json:"last_payment_attempt"`
	NextPaymentAttempt *time.Time        `json:"next_payment_attempt"`
	DisputeAlertedAt   *time.Time        `json:"dispute_alerted_at"`
	RefundedAt         *time.Time        `json:"refunded_at"`
	Plan               *PlanRef          `json:"plan"`
	Product            *ProductRef       `json:"product"`
	User               *UserRef          `json:"user"`
	Membership         *MembershipRef    `json:"membership"`
	Member             *MemberRef        `json:"member"`
	PaymentMethod      *PaymentMethodRef `json:"payment_method"`
	Company            *CompanyRef       `json:"company"`
	PromoCode          *PaymentPromoCode `json:"promo_code"`
	Currency           *Currency         `json:"currency"`
	// SettlementCurrency is a plain string in the API's list schema, not a
	// Currency as in Payment.
	SettlementCurrency      string                 `json:"settlement_currency"`
	Total                   *float64               `json:"total"`
	Subtotal                *float64               `json:"subtotal"`
	USDTotal                *float64               `json:"usd_total"`
	RefundedAmount          *float64               `json:"refunded_amount"`
	AutoRefunded            bool                   `json:"auto_refunded"`
	AmountAfterFees         float64                `json:"amount_after_fees"`
	ApplicationFee          *PaymentApplicationFee `json:"application_fee"`
	CardBrand               *CardBrand             `json:"card_brand"`
	CardLast4               *string                `json:"card_last4"`
	BillingAddress          *PaymentAddress        `json:"billing_address"`
	PaymentMethodType       *PaymentMethodType     `json:"payment_method_type"`
	BillingReason           *BillingReason         `json:"billing_reason"`
	PaymentsFailed          *int                   `json:"payments_failed"`
	TaxAmount               *float64               `json:"tax_amount"`
	TaxBehavior             *PaymentTaxBehavior    `json:"tax_behavior"`
	FailureMessage          *string                `json:"failure_message"`
	Metadata                map[string]any         `json:"metadata"`
	CheckoutConfigurationID *string                `json:"checkout_configuration_id"`
}

func (p *PaymentListItem) identity() (field, value string) { return "id", p.ID }

// PaymentInstrument describes what a payment was made with, ready to show
// to a buyer: a display name, icons and, for cards, the brand and last
// digits. Its PaymentMethodType and Card.Brand are plain strings in the
// API, not the PaymentMethodType and CardBrand enums.
type PaymentInstrument struct {
	PaymentMethodType string                 `json:"payment_method_type"`
	DisplayName       string                 `json:"display_name"`
	Card              *PaymentInstrumentCard `json:"card"`
	InstallmentCount  *int                   `json:"installment_count"`
	Icons             PaymentInstrumentIcons `json:"icons"`
}

// PaymentInstrumentCard holds the card facts of a PaymentInstrument. It is
// not a PaymentMethodCard: the API sends only these two display facts
// here, with Brand as a plain string rather than a CardBrand.
type PaymentInstrumentCard struct {
	Brand string  `json:"brand"`
	Last4 *string `json:"last4"`
}

// PaymentInstrumentIcons holds the icons of a PaymentInstrument in two
// shapes, each for light and dark backgrounds.
type PaymentInstrumentIcons struct {
	Card   PaymentInstrumentIconThemes `json:"card"`
	Square PaymentInstrumentIconThemes `json:"square"`
}

// PaymentInstrumentIconThemes holds one icon shape for light and dark
// backgrounds.
type PaymentInstrumentIconThemes struct {
	Light PaymentInstrumentIconFiles `json:"light"`
	Dark  PaymentInstrumentIconFiles `json:"dark"`
}

// PaymentInstrumentIconFiles holds the URLs of one icon as SVG and as PNG
// at three pixel densities.
type PaymentInstrumentIconFiles struct {
	SVG   string `json:"svg"`
	PNG1x string `json:"png_1x"`
	PNG2x string `json:"png_2x"`
	PNG4x string `json:"png_4x"`
}

// PaymentPromoCode is the promo code applied to a payment.
type PaymentPromoCode struct {
	ID        string    `json:"id"`
	Code      *string   `json:"code"`
	PromoType PromoType `json:"promo_type"`
	// AmountOff is a percentage or an amount in BaseCurrency, depending on
	// PromoType.
	AmountOff         float64  `json:"amount_off"`
	BaseCurrency      Currency `json:"base_currency"`
	NumberOfIntervals *int     `json:"number_of_intervals"`
}

// PaymentAddress is a billing or shipping address on a payment. Any part
// may be missing.
type PaymentAddress struct {
	Name       *string `json:"name"`
	Line1      *string `json:"line1"`
	Line2      *string `json:"line2"`
	City       *string `json:"city"`
	State      *string `json:"state"`
	PostalCode *string `json:"postal_code"`
	Country    *string `json:"country"`
}

// PaymentShipment is the shipment of the goods a payment bought.
type PaymentShipment struct {
	ID             string         `json:"id"`
	Status         ShipmentStatus `json:"status"`
	Carrier        *string        `json:"carrier"`
	TrackingNumber string         `json:"tracking_number"`
	TrackingURL    string         `json:"tracking_url"`
}

// PaymentApplicationFee is the fee a platform collected on a payment made
// to one of its connected companies.
type PaymentApplicationFee struct {
	ID             string    `json:"id"`
	Amount         float64   `json:"amount"`
	AmountCaptured float64   `json:"amount_captured"`
	AmountRefunded float64   `json:"amount_refunded"`
	Currency       Currency  `json:"currency"`
	CreatedAt      time.Time `json:"created_at"`
}

// PaymentVerificationChecks holds the card issuer's answers to the address
// and security code checks. Each is nil when the issuer gave none.
type PaymentVerificationChecks struct {
	AddressLine1     *string `json:"address_line1"`
	ZipCode          *string `json:"zip_code"`
	CardSecurityCode *string `json:"card_security_code"`
	CardHolderName   *string `json:"card_holder_name"`
}

// PaymentFee is one fee taken from a payment: an item of ListFees and of
// Payment.Fees.
type PaymentFee struct {
	Name     string         `json:"name"`
	Type     PaymentFeeType `json:"type"`
	Amount   float64        `json:"amount"`
	Currency Currency       `json:"currency"`
}

// PaymentRefund is a refund issued against a payment, whatever its outcome.
type PaymentRefund struct {
	ID        string       `json:"id"`
	Status    RefundStatus `json:"status"`
	Amount    float64      `json:"amount"`
	Currency  Currency     `json:"currency"`
	CreatedAt time.Time    `json:"created_at"`
}

// PaymentDispute is a chargeback opened against a payment.
type PaymentDispute struct {
	ID              string        `json:"id"`
	Status          DisputeStatus `json:"status"`
	Amount          float64       `json:"amount"`
	Currency        Currency      `json:"currency"`
	Reason          *string       `json:"reason"`
	Notes           *string       `json:"notes"`
	Editable        *bool         `json:"editable"`
	NeedsResponseBy *time.Time    `json:"needs_response_by"`
}

// PaymentResolution is a case a customer opened in Whop's resolution
// center about a payment.
type PaymentResolution struct {
	ID                      string                       `json:"id"`
	Status                  ResolutionStatus             `json:"status"`
	Issue                   ResolutionIssue              `json:"issue"`
	DueDate                 *time.Time                   `json:"due_date"`
	CustomerAppealed        bool                         `json:"customer_appealed"`
	MerchantAppealed        bool                         `json:"merchant_appealed"`
	CustomerResponseActions []ResolutionCustomerResponse `json:"customer_response_actions"`
	MerchantResponseActions []ResolutionMerchantResponse `json:"merchant_response_actions"`
	PlatformResponseActions []ResolutionPlatformResponse `json:"platform_response_actions"`
}

// PaymentFinancingTransaction is one transaction of a payment financed by a
// buy-now-pay-later provider.
type PaymentFinancingTransaction struct {
	ID              string                   `json:"id"`
	TransactionType PaymentTransactionType   `json:"transaction_type"`
	Status          PaymentTransactionStatus `json:"status"`
	Amount          float64                  `json:"amount"`
	CreatedAt       time.Time                `json:"created_at"`
}

// PaymentListParams filters GET /payments. Every field is optional: with
// none set, the API lists the payments the API key can see.
//
// A refund does not change a payment's Status: Statuses: paid
// (statuses[]=paid) also returns payments refunded in full. Their
// Substatus says so (PaymentSubstatusRefunded, or
// PaymentSubstatusAutoRefunded when Whop refunded it itself; partly
// refunded ones say PaymentSubstatusPartiallyRefunded) and Refundable is
// false. Check Substatus, or filter with Substatuses as well, when only
// money still held counts.
type PaymentListParams struct {
	ListParams
	CompanyID  string   `url:"company_id,omitempty"`
	ProductIDs []string `url:"product_ids,brackets,omitempty"`
	PlanIDs    []string `url:"plan_ids,brackets,omitempty"`
	// CheckoutConfigurationIDs keeps payments made through these checkout
	// configurations.
	CheckoutConfigurationIDs []string           `url:"checkout_configuration_ids,brackets,omitempty"`
	BillingReasons           []BillingReason    `url:"billing_reasons,brackets,omitempty"`
	Currencies               []Currency         `url:"currencies,brackets,omitempty"`
	Statuses                 []PaymentStatus    `url:"statuses,brackets,omitempty"`
	Substatuses              []PaymentSubstatus `url:"substatuses,brackets,omitempty"`
	// IncludeFree, when set, includes (true) or leaves out (false) payments
	// of a zero amount.
	IncludeFree   *bool        `url:"include_free,omitempty"`
	Order         PaymentOrder `url:"order,omitempty"`
	Direction     Direction    `url:"direction,omitempty"`
	CreatedBefore *time.Time   `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter  *time.Time   `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	UpdatedBefore *time.Time   `url:"updated_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	UpdatedAfter  *time.Time   `url:"updated_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	// Query is a free-text search.
	Query string `url:"query,omitempty"`
}

func (p *PaymentListParams) validate() error {
	if p == nil {
		return nil
	}
	return p.ListParams.validate()
}

// PaymentFeeListParams pages through GET /payments/{id}/fees.
type PaymentFeeListParams struct {
	ListParams
}

func (p *PaymentFeeListParams) validate() error {
	if p == nil {
		return nil
	}
	return p.ListParams.validate()
}

// PaymentCreateParams is the body of POST /payments. CompanyID is always
// required. The API accepts four shapes, along two independent choices;
// set exactly one field of each pair, or Create refuses the params before
// sending anything:
//
//   - what is bought: PlanID (an existing plan) or Plan (a plan created
//     with the payment);
//   - who pays: MemberID (an existing member, charged off-session with
//     PaymentMethodID) or ConfirmationToken (a payment method the buyer
//     just supplied, "ctok_...").
//
// Optional fields are pointers or maps; nil ones are left out.
type PaymentCreateParams struct {
	CompanyID string `json:"company_id"`

	PlanID string             `json:"plan_id,omitempty"`
	Plan   *PaymentPlanParams `json:"plan,omitempty"`

	MemberID          string `json:"member_id,omitempty"`
	ConfirmationToken string `json:"confirmation_token,omitempty"`

	// PaymentMethodID is the stored method of the member to charge.
	PaymentMethodID *string `json:"payment_method_id,omitempty"`
	// Capture set to false only authorizes a card payment; the hold must
	// be captured in full within five days.
	Capture     *bool   `json:"capture,omitempty"`
	PromoCodeID *string `json:"promo_code_id,omitempty"`
	// Email and ReturnURL are used by the API only with ConfirmationToken.
	Email     *string        `json:"email,omitempty"`
	ReturnURL *string        `json:"return_url,omitempty"`
	Metadata  map[string]any `json:"metadata,omitempty"`
}

// PaymentPlanParams describes a plan created together with a payment.
// Currency is required, and so is exactly one of ProductID (an existing
// product) and Product (a product found by its external identifier or
// created).
type PaymentPlanParams struct {
	Currency  Currency           `json:"currency"`
	ProductID *string            `json:"product_id,omitempty"`
	Product   *PlanProductParams `json:"product,omitempty"`
	PlanType  *PlanType          `json:"plan_type,omitempty"`
	// InitialPrice is charged on the first purchase, RenewalPrice every
	// BillingPeriod days; both are amounts of Currency, such as 10.43.
	InitialPrice    *float64 `json:"initial_price,omitempty"`
	RenewalPrice    *float64 `json:"renewal_price,omitempty"`
	BillingPeriod   *int     `json:"billing_period,omitempty"`
	TrialPeriodDays *int     `json:"trial_period_days,omitempty"`
	ExpirationDays  *int     `json:"expiration_days,omitempty"`
	// ApplicationFeeAmount is what a platform keeps from a payment to one
	// of its connected companies.
	ApplicationFeeAmount *float64    `json:"application_fee_amount,omitempty"`
	Title                *string     `json:"title,omitempty"`
	Description          *string     `json:"description,omitempty"`
	InternalNotes        *string     `json:"internal_notes,omitempty"`
	Visibility           *Visibility `json:"visibility,omitempty"`
	// ForceCreateNewPlan creates a plan even when an identical one exists.
	ForceCreateNewPlan *bool `json:"force_create_new_plan,omitempty"`
}

// PlanProductParams describes the product of a plan created inline, for a
// payment or a checkout configuration. The API looks the product up by
// ExternalIdentifier, updating it if found and creating it otherwise.
// ExternalIdentifier and Title are required.
type PlanProductParams struct {
	ExternalIdentifier        string                 `json:"external_identifier"`
	Title                     string                 `json:"title"`
	Headline                  *string                `json:"headline,omitempty"`
	Description               *string                `json:"description,omitempty"`
	Route                     *string                `json:"route,omitempty"`
	Visibility                *Visibility            `json:"visibility,omitempty"`
	CollectShippingAddress    *bool                  `json:"collect_shipping_address,omitempty"`
	CustomStatementDescriptor *string                `json:"custom_statement_descriptor,omitempty"`
	GlobalAffiliatePercentage *float64               `json:"global_affiliate_percentage,omitempty"`
	GlobalAffiliateStatus     *GlobalAffiliateStatus `json:"global_affiliate_status,omitempty"`
	ProductTaxCodeID          *string                `json:"product_tax_code_id,omitempty"`
	RedirectPurchaseURL       *string                `json:"redirect_purchase_url,omitempty"`
}

func (p *PaymentCreateParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	if err := exactlyOne("plan_id", p.PlanID != "", "plan", p.Plan != nil); err != nil {
		return err
	}
	if p.Plan == nil {
		if err := requireString("plan_id", p.PlanID); err != nil {
			return err
		}
	} else if err := p.Plan.validate("plan"); err != nil {
		return err
	}
	if err := exactlyOne("member_id", p.MemberID != "", "confirmation_token", p.ConfirmationToken != ""); err != nil {
		return err
	}
	if p.MemberID != "" {
		return requireString("member_id", p.MemberID)
	}
	return requireString("confirmation_token", p.ConfirmationToken)
}

func (p *PaymentPlanParams) validate(field string) error {
	if err := requireString(field+".currency", string(p.Currency)); err != nil {
		return err
	}
	return validatePlanProduct(field, p.ProductID, p.Product)
}

// validatePlanProduct checks the product of an inline plan: exactly one of
// product_id and product, and a product with its required fields.
func validatePlanProduct(field string, productID *string, product *PlanProductParams) error {
	if err := exactlyOne(field+".product_id", productID != nil, field+".product", product != nil); err != nil {
		return err
	}
	if productID != nil {
		return requireString(field+".product_id", *productID)
	}
	if err := requireString(field+".product.external_identifier", product.ExternalIdentifier); err != nil {
		return err
	}
	return requireString(field+".product.title", product.Title)
}

// exactlyOne checks that one and only one of two alternative fields is set.
// It names the first field when neither is set and the second when both
// are.
func exactlyOne(a string, hasA bool, b string, hasB bool) error {
	switch {
	case hasA && hasB:
		return paramErr(b, "cannot be combined with "+a)
	case !hasA && !hasB:
		return paramErr(a, "is required (or set "+b+" instead)")
	}
	return nil
}

// PaymentRefundParams is the body of POST /payments/{id}/refund.
type PaymentRefundParams struct {
	// PartialAmount refunds only this much, in the currency the buyer was
	// charged in. Nil refunds the whole payment. It must be at least 0.01:
	// a smaller amount would round to nothing refunded.
	PartialAmount *float64 `json:"partial_amount,omitempty"`
}

// minRefundAmount is the smallest partial refund: one cent of the
// payment's currency.
const minRefundAmount = 0.01

func (p *PaymentRefundParams) validate() error {
	if p == nil || p.PartialAmount == nil {
		return nil
	}
	a := *p.PartialAmount
	if math.IsNaN(a) || math.IsInf(a, 0) {
		return paramErr("partial_amount", "must be a finite number")
	}
	if a < minRefundAmount {
		return paramErr("partial_amount", fmt.Sprintf("must be at least %v (one cent), got %v", minRefundAmount, a))
	}
	return nil
}

// List returns one page of payments.
//
// GET /payments
func (s *PaymentsService) List(ctx context.Context, params *PaymentListParams, opts ...RequestOption) (*Page[PaymentListItem], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[PaymentListItem]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/payments", query: params}, opts)
}

// ListAll iterates over every payment matching params, fetching pages as
// the loop advances. params is not modified.
//
// GET /payments
func (s *PaymentsService) ListAll(ctx context.Context, params *PaymentListParams, opts ...RequestOption) iter.Seq2[PaymentListItem, error] {
	return iterate(ctx, params, func(ctx context.Context, p *PaymentListParams) (*Page[PaymentListItem], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a payment, with its ClientSecret.
//
// GET /payments/{id}
func (s *PaymentsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Payment, error) {
	return call[Payment](ctx, s.client, apiRequest{method: http.MethodGet, path: "/payments/{id}", id: id}, opts)
}

// Create charges a buyer for a plan. The payment comes back at once, still
// processing; its outcome arrives by webhook (payment.succeeded,
// payment.failed) or by polling Get.
//
// POST /payments
func (s *PaymentsService) Create(ctx context.Context, params *PaymentCreateParams, opts ...RequestOption) (*Payment, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Payment](ctx, s.client, apiRequest{method: http.MethodPost, path: "/payments", body: params}, opts)
}

// ListFees returns one page of the fees taken from a payment.
//
// GET /payments/{id}/fees
func (s *PaymentsService) ListFees(ctx context.Context, id string, params *PaymentFeeListParams, opts ...RequestOption) (*Page[PaymentFee], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[PaymentFee]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/payments/{id}/fees", id: id, query: params}, opts)
}

// ListAllFees iterates over every fee taken from a payment, fetching pages
// as the loop advances. params is not modified.
//
// GET /payments/{id}/fees
func (s *PaymentsService) ListAllFees(ctx context.Context, id string, params *PaymentFeeListParams, opts ...RequestOption) iter.Seq2[PaymentFee, error] {
	return iterate(ctx, params, func(ctx context.Context, p *PaymentFeeListParams) (*Page[PaymentFee], error) {
		return s.ListFees(ctx, id, p, opts...)
	})
}

// Refund refunds a payment in full, or partly when params sets
// PartialAmount. A nil params sends no body and refunds in full.
//
// POST /payments/{id}/refund
func (s *PaymentsService) Refund(ctx context.Context, id string, params *PaymentRefundParams, opts ...RequestOption) (*Payment, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	var body any
	if params != nil {
		body = params
	}
	return call[Payment](ctx, s.client, apiRequest{method: http.MethodPost, path: "/payments/{id}/refund", id: id, body: body}, opts)
}

// Retry charges a failed or pending payment again, with its original
// payment method and plan.
//
// POST /payments/{id}/retry
func (s *PaymentsService) Retry(ctx context.Context, id string, opts ...RequestOption) (*Payment, error) {
	return call[Payment](ctx, s.client, apiRequest{method: http.MethodPost, path: "/payments/{id}/retry", id: id}, opts)
}

// Void cancels an open payment that has not been collected.
//
// POST /payments/{id}/void
func (s *PaymentsService) Void(ctx context.Context, id string, opts ...RequestOption) (*Payment, error) {
	return call[Payment](ctx, s.client, apiRequest{method: http.MethodPost, path: "/payments/{id}/void", id: id}, opts)
}
