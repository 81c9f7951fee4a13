package whop

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"
)

// PaymentMethodsService reads the payment methods members saved for later
// payments (cards, bank accounts, wallets).
type PaymentMethodsService service

// CardBrand is the network of a card, such as visa or amex.
type CardBrand string

// Values of CardBrand.
const (
	CardBrandMastercard          CardBrand = "mastercard"
	CardBrandVisa                CardBrand = "visa"
	CardBrandAmex                CardBrand = "amex"
	CardBrandDiscover            CardBrand = "discover"
	CardBrandUnionpay            CardBrand = "unionpay"
	CardBrandJCB                 CardBrand = "jcb"
	CardBrandDiners              CardBrand = "diners"
	CardBrandLink                CardBrand = "link"
	CardBrandTroy                CardBrand = "troy"
	CardBrandVisadankort         CardBrand = "visadankort"
	CardBrandVisabancontact      CardBrand = "visabancontact"
	CardBrandChinaUnionPay       CardBrand = "china_union_pay"
	CardBrandRupay               CardBrand = "rupay"
	CardBrandJcbrupay            CardBrand = "jcbrupay"
	CardBrandElo                 CardBrand = "elo"
	CardBrandMaestro             CardBrand = "maestro"
	CardBrandTarjetaNaranja      CardBrand = "tarjeta_naranja"
	CardBrandCirrus              CardBrand = "cirrus"
	CardBrandNSPKMir             CardBrand = "nspk_mir"
	CardBrandVerve               CardBrand = "verve"
	CardBrandEBT                 CardBrand = "ebt"
	CardBrandPrivateLabel        CardBrand = "private_label"
	CardBrandLocalBrand          CardBrand = "local_brand"
	CardBrandUATP                CardBrand = "uatp"
	CardBrandWexcard             CardBrand = "wexcard"
	CardBrandUzcard              CardBrand = "uzcard"
	CardBrandMeeza               CardBrand = "meeza"
	CardBrandHRGStoreCard        CardBrand = "hrg_store_card"
	CardBrandGirocard            CardBrand = "girocard"
	CardBrandFuelCard            CardBrand = "fuel_card"
	CardBrandDankort             CardBrand = "dankort"
	CardBrandCarnet              CardBrand = "carnet"
	CardBrandATMCard             CardBrand = "atm_card"
	CardBrandChinaUnionPayuzcard CardBrand = "china_union_payuzcard"
	CardBrandCodensa             CardBrand = "codensa"
	CardBrandCabal               CardBrand = "cabal"
	CardBrandHipercard           CardBrand = "hipercard"
	CardBrandJcblankapay         CardBrand = "jcblankapay"
	CardBrandCMI                 CardBrand = "cmi"
	CardBrandUnknown             CardBrand = "unknown"
)

// PaymentMethodType is the kind of a payment instrument, such as card,
// us_bank_account or ideal.
type PaymentMethodType string

// Values of PaymentMethodType.
const (
	PaymentMethodTypeACSSDebit              PaymentMethodType = "acss_debit"
	PaymentMethodTypeAffirm                 PaymentMethodType = "affirm"
	PaymentMethodTypeAfterpayClearpay       PaymentMethodType = "afterpay_clearpay"
	PaymentMethodTypeAlipay                 PaymentMethodType = "alipay"
	PaymentMethodTypeAlma                   PaymentMethodType = "alma"
	PaymentMethodTypeAmazonPay              PaymentMethodType = "amazon_pay"
	PaymentMethodTypeApple                  PaymentMethodType = "apple"
	PaymentMethodTypeApplePay               PaymentMethodType = "apple_pay"
	PaymentMethodTypeAUBankTransfer         PaymentMethodType = "au_bank_transfer"
	PaymentMethodTypeAUBECSDebit            PaymentMethodType = "au_becs_debit"
	PaymentMethodTypeBACSDebit              PaymentMethodType = "bacs_debit"
	PaymentMethodTypeBancolombia            PaymentMethodType = "bancolombia"
	PaymentMethodTypeBancontact             PaymentMethodType = "bancontact"
	PaymentMethodTypeBillie                 PaymentMethodType = "billie"
	PaymentMethodTypeBizum                  PaymentMethodType = "bizum"
	PaymentMethodTypeBlik                   PaymentMethodType = "blik"
	PaymentMethodTypeBoleto                 PaymentMethodType = "boleto"
	PaymentMethodTypeBreB                   PaymentMethodType = "bre_b"
	PaymentMethodTypeCABankTransfer         PaymentMethodType = "ca_bank_transfer"
	PaymentMethodTypeCapchasePay            PaymentMethodType = "capchase_pay"
	PaymentMethodTypeCard                   PaymentMethodType = "card"
	PaymentMethodTypeCardInstallmentsThree  PaymentMethodType = "card_installments_three"
	PaymentMethodTypeCardInstallmentsSix    PaymentMethodType = "card_installments_six"
	PaymentMethodTypeCardInstallmentsTwelve PaymentMethodType = "card_installments_twelve"
	PaymentMethodTypeCashapp                PaymentMethodType = "cashapp"
	PaymentMethodTypeClaritypay             PaymentMethodType = "claritypay"
	PaymentMethodTypeCoinbase               PaymentMethodType = "coinbase"
	PaymentMethodTypeCrypto                 PaymentMethodType = "crypto"
	PaymentMethodTypeCustom                 PaymentMethodType = "custom"
	PaymentMethodTypeCustomerBalance        PaymentMethodType = "customer_balance"
	PaymentMethodTypeDemoPay                PaymentMethodType = "demo_pay"
	PaymentMethodTypeEfecty                 PaymentMethodType = "efecty"
	PaymentMethodTypeEPS                    PaymentMethodType = "eps"
	PaymentMethodTypeEUBankTransfer         PaymentMethodType = "eu_bank_transfer"
	PaymentMethodTypeFPX                    PaymentMethodType = "fpx"
	PaymentMethodTypeGBBankTransfer         PaymentMethodType = "gb_bank_transfer"
	PaymentMethodTypeGiropay                PaymentMethodType = "giropay"
	PaymentMethodTypeGooglePay              PaymentMethodType = "google_pay"
	PaymentMethodTypeGopay                  PaymentMethodType = "gopay"
	PaymentMethodTypeGrabpay                PaymentMethodType = "grabpay"
	PaymentMethodTypeIDBankTransfer         PaymentMethodType = "id_bank_transfer"
	PaymentMethodTypeIdeal                  PaymentMethodType = "ideal"
	PaymentMethodTypeInterac                PaymentMethodType = "interac"
	PaymentMethodTypeKakaoPay               PaymentMethodType = "kakao_pay"
	PaymentMethodTypeKlarna                 PaymentMethodType = "klarna"
	PaymentMethodTypeKlarnaPayNow           PaymentMethodType = "klarna_pay_now"
	PaymentMethodTypeKonbini                PaymentMethodType = "konbini"
	PaymentMethodTypeKRCard                 PaymentMethodType = "kr_card"
	PaymentMethodTypeKRMarket               PaymentMethodType = "kr_market"
	PaymentMethodTypeKriya                  PaymentMethodType = "kriya"
	PaymentMethodTypeKueski                 PaymentMethodType = "kueski"
	PaymentMethodTypeLink                   PaymentMethodType = "link"
	PaymentMethodTypeMbWay                  PaymentMethodType = "mb_way"
	PaymentMethodTypeMPesa                  PaymentMethodType = "m_pesa"
	PaymentMethodTypeMercadoPago            PaymentMethodType = "mercado_pago"
	PaymentMethodTypeMobilepay              PaymentMethodType = "mobilepay"
	PaymentMethodTypeMondu                  PaymentMethodType = "mondu"
	PaymentMethodTypeMultibanco             PaymentMethodType = "multibanco"
	PaymentMethodTypeNaverPay               PaymentMethodType = "naver_pay"
	PaymentMethodTypeNequi                  PaymentMethodType = "nequi"
	PaymentMethodTypeNetbanking             PaymentMethodType = "netbanking"
	PaymentMethodTypeNGBank                 PaymentMethodType = "ng_bank"
	PaymentMethodTypeNGBankTransfer         PaymentMethodType = "ng_bank_transfer"
	PaymentMethodTypeNGCard                 PaymentMethodType = "ng_card"
	PaymentMethodTypeNGMarket               PaymentMethodType = "ng_market"
	PaymentMethodTypeNGUSSD                 PaymentMethodType = "ng_ussd"
	PaymentMethodTypeNGWallet               PaymentMethodType = "ng_wallet"
	PaymentMethodTypeNZBankAccount          PaymentMethodType = "nz_bank_account"
	PaymentMethodTypeOxxo                   PaymentMethodType = "oxxo"
	PaymentMethodTypeP24                    PaymentMethodType = "p24"
	PaymentMethodTypePagoEfectivo           PaymentMethodType = "pago_efectivo"
	PaymentMethodTypePSE                    PaymentMethodType = "pse"
	PaymentMethodTypePayByBank              PaymentMethodType = "pay_by_bank"
	PaymentMethodTypePayco                  PaymentMethodType = "payco"
	PaymentMethodTypePaynow                 PaymentMethodType = "paynow"
	PaymentMethodTypePaypal                 PaymentMethodType = "paypal"
	PaymentMethodTypePaypay                 PaymentMethodType = "paypay"
	PaymentMethodTypePayto                  PaymentMethodType = "payto"
	PaymentMethodTypePix                    PaymentMethodType = "pix"
	PaymentMethodTypePlatformBalance        PaymentMethodType = "platform_balance"
	PaymentMethodTypePromptpay              PaymentMethodType = "promptpay"
	PaymentMethodTypeQris                   PaymentMethodType = "qris"
	PaymentMethodTypeRechnung               PaymentMethodType = "rechnung"
	PaymentMethodTypeRevolutPay             PaymentMethodType = "revolut_pay"
	PaymentMethodTypeSamsungPay             PaymentMethodType = "samsung_pay"
	PaymentMethodTypeSatispay               PaymentMethodType = "satispay"
	PaymentMethodTypeScalapay               PaymentMethodType = "scalapay"
	PaymentMethodTypeSencillito             PaymentMethodType = "sencillito"
	PaymentMethodTypeSEPADebit              PaymentMethodType = "sepa_debit"
	PaymentMethodTypeSequra                 PaymentMethodType = "sequra"
	PaymentMethodTypeServipag               PaymentMethodType = "servipag"
	PaymentMethodTypeSezzle                 PaymentMethodType = "sezzle"
	PaymentMethodTypeShopPay                PaymentMethodType = "shop_pay"
	PaymentMethodTypeShopeepay              PaymentMethodType = "shopeepay"
	PaymentMethodTypeSofort                 PaymentMethodType = "sofort"
	PaymentMethodTypeSouthKoreaMarket       PaymentMethodType = "south_korea_market"
	PaymentMethodTypeSpei                   PaymentMethodType = "spei"
	PaymentMethodTypeSplitit                PaymentMethodType = "splitit"
	PaymentMethodTypeSunbit                 PaymentMethodType = "sunbit"
	PaymentMethodTypeSwish                  PaymentMethodType = "swish"
	PaymentMethodTypeTamara                 PaymentMethodType = "tamara"
	PaymentMethodTypeTwint                  PaymentMethodType = "twint"
	PaymentMethodTypeUPI                    PaymentMethodType = "upi"
	PaymentMethodTypeUSBankAccount          PaymentMethodType = "us_bank_account"
	PaymentMethodTypeUSBankTransfer         PaymentMethodType = "us_bank_transfer"
	PaymentMethodTypeVenmo                  PaymentMethodType = "venmo"
	PaymentMethodTypeVipps                  PaymentMethodType = "vipps"
	PaymentMethodTypeWebpay                 PaymentMethodType = "webpay"
	PaymentMethodTypeWechatPay              PaymentMethodType = "wechat_pay"
	PaymentMethodTypeYape                   PaymentMethodType = "yape"
	PaymentMethodTypeZip                    PaymentMethodType = "zip"
	PaymentMethodTypeCoinflow               PaymentMethodType = "coinflow"
	PaymentMethodTypeUnknown                PaymentMethodType = "unknown"
)

// PaymentMethodVariant names the variant of the PaymentMethod union (the
// API's typename field): which details a saved payment method carries
// beyond the common fields. It is not the kind of instrument, which is
// PaymentMethodType (card, klarna, ...): many types share the base variant.
type PaymentMethodVariant string

// Values of PaymentMethodVariant.
const (
	PaymentMethodVariantBase          PaymentMethodVariant = "BasePaymentMethod"
	PaymentMethodVariantCard          PaymentMethodVariant = "CardPaymentMethod"
	PaymentMethodVariantUSBankAccount PaymentMethodVariant = "UsBankAccountPaymentMethod"
	PaymentMethodVariantCashapp       PaymentMethodVariant = "CashappPaymentMethod"
	PaymentMethodVariantIdeal         PaymentMethodVariant = "IdealPaymentMethod"
	PaymentMethodVariantSEPADebit     PaymentMethodVariant = "SepaDebitPaymentMethod"
)

// PaymentMethodTypename is the old name of PaymentMethodVariant, which read
// too much like PaymentMethodType.
//
// Deprecated: use PaymentMethodVariant.
type PaymentMethodTypename = PaymentMethodVariant

// Old names of the PaymentMethodVariant values, kept until 1.0.
const (
	// Deprecated: use PaymentMethodVariantBase.
	PaymentMethodTypenameBase = PaymentMethodVariantBase
	// Deprecated: use PaymentMethodVariantCard.
	PaymentMethodTypenameCard = PaymentMethodVariantCard
	// Deprecated: use PaymentMethodVariantUSBankAccount.
	PaymentMethodTypenameUSBankAccount = PaymentMethodVariantUSBankAccount
	// Deprecated: use PaymentMethodVariantCashapp.
	PaymentMethodTypenameCashapp = PaymentMethodVariantCashapp
	// Deprecated: use PaymentMethodVariantIdeal.
	PaymentMethodTypenameIdeal = PaymentMethodVariantIdeal
	// Deprecated: use PaymentMethodVariantSEPADebit.
	PaymentMethodTypenameSEPADebit = PaymentMethodVariantSEPADebit
)

// PaymentMethod is a payment method a member saved for later payments. The
// API sends one of several shapes, told apart by Typename; the common
// fields are always set, and at most one of the detail fields (Card,
// USBankAccount, Cashapp, Ideal, SEPADebit) is non-nil: the one that
// matches Typename.
//
//	if pm.Card != nil {
//		fmt.Println(pm.Card.Last4)
//	}
//
// A Typename this package does not know yet decodes like
// PaymentMethodVariantBase: common fields only, no details.
type PaymentMethod struct {
	Typename          PaymentMethodVariant `json:"typename"`
	ID                string               `json:"id"`
	CreatedAt         time.Time            `json:"created_at"`
	PaymentMethodType PaymentMethodType    `json:"payment_method_type"`

	Card          *PaymentMethodCard          `json:"card,omitempty"`
	USBankAccount *PaymentMethodUSBankAccount `json:"us_bank_account,omitempty"`
	Cashapp       *PaymentMethodCashapp       `json:"cashapp,omitempty"`
	Ideal         *PaymentMethodIdeal         `json:"ideal,omitempty"`
	SEPADebit     *PaymentMethodSEPADebit     `json:"sepa_debit,omitempty"`
}

func (p *PaymentMethod) identity() (field, value string) { return "id", p.ID }

// PaymentMethodCard holds the details of a card payment method: a saved
// card (PaymentMethod.Card) or the card a payment was charged to
// (PaymentMethodRef.Card, in Payment and PaymentListItem). The API sends
// the same object in all three places; only a Payment's carries
// Fingerprint, which is nil elsewhere.
type PaymentMethodCard struct {
	Brand    *CardBrand `json:"brand"`
	Last4    *string    `json:"last4"`
	ExpMonth *int       `json:"exp_month"`
	ExpYear  *int       `json:"exp_year"`
	// Fingerprint is the same for every payment made with the same card.
	// Only Payment (Get, Create, Refund, Retry, Void and webhooks) sends
	// it, and it may be null there too.
	Fingerprint *string `json:"fingerprint,omitempty"`
}

// PaymentMethodUSBankAccount holds the details of a saved US bank account.
type PaymentMethodUSBankAccount struct {
	BankName string `json:"bank_name"`
	Last4    string `json:"last4"`
	// AccountType is the kind of account, such as "checking".
	AccountType string `json:"account_type"`
}

// PaymentMethodCashapp holds the details of a saved Cash App account.
type PaymentMethodCashapp struct {
	BuyerID *string `json:"buyer_id"`
	Cashtag *string `json:"cashtag"`
}

// PaymentMethodIdeal holds the details of a saved iDEAL account.
type PaymentMethodIdeal struct {
	Bank *string `json:"bank"`
	BIC  *string `json:"bic"`
}

// PaymentMethodSEPADebit holds the details of a saved SEPA Direct Debit
// account.
type PaymentMethodSEPADebit struct {
	BankCode   *string `json:"bank_code"`
	BranchCode *string `json:"branch_code"`
	Country    *string `json:"country"`
	Last4      *string `json:"last4"`
}

// UnmarshalJSON decodes any shape of payment method and keeps only the
// details that belong to its Typename, so that the detail fields can be
// trusted to tell the shapes apart.
func (pm *PaymentMethod) UnmarshalJSON(b []byte) error {
	type fields PaymentMethod // no methods: decodes without recursing
	var f fields
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*pm = PaymentMethod{
		Typename:          f.Typename,
		ID:                f.ID,
		CreatedAt:         f.CreatedAt,
		PaymentMethodType: f.PaymentMethodType,
	}
	switch f.Typename {
	case PaymentMethodVariantCard:
		pm.Card = f.Card
	case PaymentMethodVariantUSBankAccount:
		pm.USBankAccount = f.USBankAccount
	case PaymentMethodVariantCashapp:
		pm.Cashapp = f.Cashapp
	case PaymentMethodVariantIdeal:
		pm.Ideal = f.Ideal
	case PaymentMethodVariantSEPADebit:
		pm.SEPADebit = f.SEPADebit
	}
	return nil
}

// PaymentMethodListParams filters GET /payment_methods: the saved methods
// of a member (MemberID) or of a company's members (CompanyID).
type PaymentMethodListParams struct {
	ListParams
	MemberID      string     `url:"member_id,omitempty"`
	CompanyID     string     `url:"company_id,omitempty"`
	Direction     Direction  `url:"direction,omitempty"`
	CreatedBefore *time.Time `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter  *time.Time `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *PaymentMethodListParams) validate() error {
	if p == nil {
		return nil
	}
	return p.ListParams.validate()
}

// PaymentMethodGetParams is the query of GET /payment_methods/{id}: the
// member or company the payment method is looked up under.
type PaymentMethodGetParams struct {
	MemberID  string `url:"member_id,omitempty"`
	CompanyID string `url:"company_id,omitempty"`
}

// List returns one page of saved payment methods.
//
// GET /payment_methods
func (s *PaymentMethodsService) List(ctx context.Context, params *PaymentMethodListParams, opts ...RequestOption) (*Page[PaymentMethod], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[PaymentMethod]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/payment_methods", query: params}, opts)
}

// ListAll iterates over every saved payment method matching params,
// fetching pages as the loop advances. params is not modified.
//
// GET /payment_methods
func (s *PaymentMethodsService) ListAll(ctx context.Context, params *PaymentMethodListParams, opts ...RequestOption) iter.Seq2[PaymentMethod, error] {
	return iterate(ctx, params, func(ctx context.Context, p *PaymentMethodListParams) (*Page[PaymentMethod], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a saved payment method. params may be nil.
//
// GET /payment_methods/{id}
func (s *PaymentMethodsService) Get(ctx context.Context, id string, params *PaymentMethodGetParams, opts ...RequestOption) (*PaymentMethod, error) {
	return call[PaymentMethod](ctx, s.client, apiRequest{method: http.MethodGet, path: "/payment_methods/{id}", id: id, query: params}, opts)
}
