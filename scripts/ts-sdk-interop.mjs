// Calls whopmock through @whop/sdk 0.0.40 and checks what comes back
// against the SDK's declared shapes. Run by scripts/ts-sdk-interop, which
// sets the environment this reads.
import assert from 'node:assert/strict';
import Whop from '@whop/sdk';

const company_id = process.env.DEMO_COMPANY;
const member_id = process.env.DEMO_MEMBER;
const plan_id = process.env.DEMO_PLAN;
const client = new Whop({
  apiKey: process.env.WHOP_API_KEY,
  baseURL: process.env.WHOP_BASE_URL,
  maxRetries: 0,
});

let checks = 0;
async function check(name, fn) {
  try {
    await fn();
    checks++;
    console.log(`ok   ${name}`);
  } catch (err) {
    console.error(`FAIL ${name}\n${err?.stack ?? err}`);
    process.exitCode = 1;
  }
}

const isArray = (v, what) => assert.ok(Array.isArray(v), `${what} is an array, got ${JSON.stringify(v)}`);
const hasKey = (obj, key, what) => assert.ok(obj && key in obj, `${what} has ${key}: ${JSON.stringify(obj)}`);

await check('products: auto-pagination walks every page', async () => {
  const ids = [];
  for await (const p of client.products.list({ company_id, first: 1 })) ids.push(p.id);
  assert.ok(ids.length >= 3, `got ${ids}`);
  assert.equal(new Set(ids).size, ids.length, 'no product twice');
});

await check('products: null array filters are no filter', async () => {
  const page = await client.products.list({ company_id, product_types: null, visibilities: null });
  assert.ok(page.data.length >= 3, `got ${page.data.length} products`);
});

await check('products: metadata kept on create and read back', async () => {
  const metadata = { crm_id: 'acct_1', seats: 3 };
  const created = await client.products.create({ company_id, title: 'Interop', metadata });
  assert.deepEqual(created.metadata, metadata);
  const got = await client.products.retrieve(created.id);
  assert.deepEqual(got.metadata, metadata);
  isArray(got.gallery_images, 'gallery_images');
  const page = await client.products.list({ company_id });
  for (const p of page.data) hasKey(p, 'metadata', 'product list item');
});

await check('errors: a missing product is a NotFoundError', async () => {
  await assert.rejects(client.products.retrieve('prod_missing'), Whop.NotFoundError);
});

let paymentID;
await check('payments: create, refund, arrays never null', async () => {
  const methods = await client.paymentMethods.list({ member_id });
  assert.ok(methods.data.length > 0, 'the demo member has a card');
  const pay = await client.payments.create({ company_id, plan_id, member_id, payment_method_id: methods.data[0].id });
  paymentID = pay.id;
  assert.equal(pay.status, 'paid');
  isArray(pay.financing_transactions, 'financing_transactions');
  const refunded = await client.payments.refund(pay.id, { partial_amount: 1 });
  assert.equal(refunded.refunded_amount, 1);
});

await check('payments: list items carry every nested key, null filters are no filter', async () => {
  const page = await client.payments.list({ company_id, statuses: null, currencies: null });
  assert.ok(page.data.some((p) => p.id === paymentID), 'the new payment is listed');
  for (const p of page.data) {
    hasKey(p.plan, 'metadata', 'payment list plan');
    hasKey(p.plan, 'internal_notes', 'payment list plan');
    hasKey(p.product, 'metadata', 'payment list product');
    hasKey(p.membership, 'phone_number', 'payment list membership');
  }
});

await check('pagination: an empty page has null cursors', async () => {
  const page = await client.payments.list({ company_id, currencies: ['jpy'] });
  assert.equal(page.data.length, 0);
  assert.equal(page.page_info.end_cursor, null);
  assert.equal(page.page_info.start_cursor, null);
});

await check('checkout configurations: plan carries three_ds_level', async () => {
  const cfg = await client.checkoutConfigurations.create({ plan_id });
  hasKey(cfg.plan, 'three_ds_level', 'checkout plan');
  const page = await client.checkoutConfigurations.list({ company_id });
  assert.ok(page.data.some((c) => c.id === cfg.id));
});

await check('company token transactions and access tokens', async () => {
  const txs = await client.companyTokenTransactions.list({ company_id });
  isArray(txs.data, 'token transactions');
  const tok = await client.accessTokens.create({ company_id });
  assert.equal(typeof tok.token, 'string');
  assert.ok(!Number.isNaN(Date.parse(tok.expires_at)));
});

console.log(process.exitCode ? 'ts-sdk-interop: FAILED' : `ts-sdk-interop: ${checks} checks passed`);
