import fc from 'fast-check';
import { ORDER_EXTRA_ARRAYS, type MivaOrder } from '../miva-model/miva.models';
import { generateOrder } from '../simulator/order-generator';
import { mulberry32 } from '../simulator/rng';
import { containsCardNumber, passesLuhn } from './card-number';
import type { MapperSettings } from './mapper-settings';
import { moneyToCents } from './money';
import type { MappedOrder } from './oms-order.types';
import { mappedOrderHash } from './order-hash';
import { mapOrder } from './order.mapper';

// Generated orders come from the simulator's generator (consistent by construction: Miva's own
// arithmetic); fast-check chooses the seed, the order id (which selects the generator's cases),
// the store settings and perturbations of the raw order.

const NOW = 1_795_000_000;

const settingsArb: fc.Arbitrary<MapperSettings> = fc.record({
  productIdentifier: fc.constantFrom('sku' as const, 'code' as const),
  kitMode: fc.constantFrom('sku' as const, 'parts' as const),
  customFieldMappings: fc.array(
    fc.record({
      mivaField: fc.constantFrom(
        'customfields:SignifydGuaranteeDisposition',
        'SignifydGuaranteeDisposition',
        'customfields:gift_msg',
        'loyalty_points',
        'orderworkflow:new_and_updated',
        'nope:missing',
      ),
      omsField: fc.constantFrom('signifyd', 'gift', 'points', 'q'),
    }),
    { maxLength: 4 },
  ),
  paymentMappings: fc.array(
    fc.record({
      mivaModule: fc.constantFrom('acmepay', 'braintree', 'Customer Credit'),
      gateway: fc.constantFrom('square' as const, 'generic' as const, 'bolt' as const),
    }),
    { maxLength: 2 },
  ),
});

const generatedOrderArb: fc.Arbitrary<MivaOrder> = fc
  .record({
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    id: fc.integer({ min: 1, max: 999_999 }),
  })
  .map(({ seed, id }) => generateOrder(mulberry32(seed), id, NOW));

// Perturbations that keep Miva's arithmetic intact: on-demand arrays and columns a store may not
// send, none of which changes items or charges.
const CONSISTENT_DROPS = [
  ...ORDER_EXTRA_ARRAYS,
  'customer',
  'CustomField_Values',
  'ship_method',
  'cust_login',
  'cust_pw_email',
  'dt_updated',
  'item.options.discounts',
  'item.discounts',
  'item.parts',
  'payment.data',
  'payment.module',
] as const;
type Drop = (typeof CONSISTENT_DROPS)[number];

function drop(o: MivaOrder, what: Drop): void {
  const items = o.items ?? [];
  const payments = o.payments ?? [];
  if (what === 'item.options.discounts') {
    items.forEach((it) => it.options?.forEach((opt) => delete opt.discounts));
  } else if (what === 'item.discounts') {
    items.forEach((it) => delete it.discounts);
  } else if (what === 'item.parts') {
    items.forEach((it) => delete it.parts);
  } else if (what === 'payment.data') {
    payments.forEach((p) => delete p.data);
  } else if (what === 'payment.module') {
    payments.forEach((p) => delete p.module);
  } else {
    delete (o as unknown as Record<string, unknown>)[what];
  }
}

/** A Luhn-valid 13-19 digit number: the thing that must never come out. */
const panArb: fc.Arbitrary<string> = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 })
  .map((digits) => {
    const body = [4, ...digits.slice(1)].join('');
    for (let check = 0; check <= 9; check++) {
      if (passesLuhn(body + check)) {
        return body + check;
      }
    }
    return body + '0';
  });

const writtenPanArb = fc
  .tuple(panArb, fc.constantFrom('', ' ', '-'))
  .map(([pan, sep]) => (sep === '' ? pan : (pan.match(/.{1,4}/g) ?? [pan]).join(sep)));

// Free-text places a customer, a staff member or a module could put a card number.
const PLANT_TARGETS = [
  'ship_addr2',
  'bill_email',
  'bill_comp',
  'bill_fname',
  'note',
  'customfield',
  'item.name',
  'option.value',
  'charge.descrip',
  'coupon.descrip',
  'payment.refnum',
  'payment.description',
  'payment.data',
  'item.discount.descrip',
] as const;
type PlantTarget = (typeof PLANT_TARGETS)[number];

function plant(o: MivaOrder, where: PlantTarget, pan: string): void {
  const text = `see ${pan} thanks`;
  const item = o.items?.[0];
  switch (where) {
    case 'ship_addr2':
    case 'bill_email':
    case 'bill_comp':
    case 'bill_fname':
      o[where] = text;
      return;
    case 'note':
      o.notes = [
        ...(o.notes ?? []),
        {
          id: 1,
          cust_id: 0,
          account_id: 0,
          order_id: o.id,
          user_id: 1,
          notetext: text,
          dtstamp: NOW,
        },
      ];
      return;
    case 'customfield':
      o.CustomField_Values = {
        ...o.CustomField_Values,
        customfields: { cc: text, n: Number(pan) },
      };
      return;
    case 'item.name':
      if (item) {
        item.name = text;
      }
      return;
    case 'option.value':
      if (item?.options?.[0]) {
        item.options[0].value = text;
      }
      return;
    case 'charge.descrip':
      for (const c of o.charges ?? []) {
        c.descrip = text;
      }
      return;
    case 'coupon.descrip':
      o.coupons = [{ order_id: o.id, coupon_id: 9, code: 'X', descrip: text, total: 0 }];
      return;
    case 'payment.refnum':
    case 'payment.description':
      for (const p of o.payments ?? []) {
        p[where === 'payment.refnum' ? 'refnum' : 'description'] = text;
      }
      return;
    case 'payment.data':
      for (const p of o.payments ?? []) {
        p.data = { ...p.data, cc_number: pan, card_number: text, cvv: '123', note: text };
      }
      return;
    case 'item.discount.descrip':
      if (item) {
        item.discounts = [
          {
            order_id: o.id,
            line_id: item.line_id,
            pgrp_id: 1,
            display: true,
            descrip: text,
            discount: 0,
          },
        ];
      }
      return;
  }
}

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
  } else if (typeof value === 'number') {
    out.push(String(value));
  } else if (Array.isArray(value)) {
    for (const v of value) {
      allStrings(v, out);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      allStrings(v, out);
    }
  }
  return out;
}

function sumCents(m: MappedOrder): number {
  let sum = 0;
  for (const l of m.lines) {
    if (l.status !== 'cancelled') {
      sum += moneyToCents(l.lineTotal);
    }
  }
  for (const c of m.charges) {
    sum += moneyToCents(c.amount);
  }
  return sum;
}

describe('mapOrder properties over generated orders', () => {
  it('consistent orders add up to the cent: lines + charges = total, no TOTAL_MISMATCH', () => {
    fc.assert(
      fc.property(
        generatedOrderArb,
        settingsArb,
        fc.subarray([...CONSISTENT_DROPS]),
        (generated, settings, drops) => {
          // fast-check may hand the same generated value to several runs while shrinking.
          const miva = structuredClone(generated);
          for (const d of drops) {
            drop(miva, d);
          }
          const m = mapOrder(miva, settings);
          expect(m.exceptions.filter((e) => e.code === 'TOTAL_MISMATCH')).toEqual([]);
          expect(sumCents(m)).toBe(moneyToCents(m.totals.total));
          const t = m.totals;
          expect(
            moneyToCents(t.items) +
              moneyToCents(t.discounts) +
              moneyToCents(t.shipping) +
              moneyToCents(t.tax) +
              moneyToCents(t.other),
          ).toBe(moneyToCents(t.total));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on any order, even with items or charges dropped, and stays well-formed', () => {
    const anyDrop = fc.subarray([...CONSISTENT_DROPS, 'items', 'charges'] as const);
    fc.assert(
      fc.property(generatedOrderArb, settingsArb, anyDrop, (generated, settings, drops) => {
        const miva = structuredClone(generated);
        for (const d of drops) {
          if (d === 'items' || d === 'charges') {
            delete (miva as unknown as Record<string, unknown>)[d];
          } else {
            drop(miva, d);
          }
        }
        const m = mapOrder(miva, settings);
        const ids = m.lines.map((l) => l.lineId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const l of m.lines) {
          if (l.parentLineId !== null) {
            expect(ids).toContain(l.parentLineId);
          }
        }
        expect(m.payments).toHaveLength(miva.payments?.length ?? 0);
        expect(Object.keys(m.sourceCustomFields)).not.toContain('orderworkflow');
      }),
      { numRuns: 300 },
    );
  });

  it('no output string contains a card number, wherever one was planted', () => {
    fc.assert(
      fc.property(
        generatedOrderArb,
        settingsArb,
        fc.subarray([...PLANT_TARGETS], { minLength: 1 }),
        writtenPanArb,
        (generated, settings, targets, pan) => {
          const miva = structuredClone(generated);
          for (const t of targets) {
            plant(miva, t, pan);
          }
          const m = mapOrder(miva, settings);
          const leaks = allStrings(m).filter((s) => containsCardNumber(s.replace(/[ -]/g, '')));
          expect(leaks).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic, and its hash ignores dt_updated and the queue flags', () => {
    fc.assert(
      fc.property(generatedOrderArb, settingsArb, (miva, settings) => {
        const a = mapOrder(structuredClone(miva), settings);
        const b = mapOrder(structuredClone(miva), settings);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));

        const acknowledged = structuredClone(miva);
        acknowledged.dt_updated = (miva.dt_updated ?? 0) + 60;
        acknowledged.CustomField_Values = {
          ...miva.CustomField_Values,
          orderworkflow: { new_and_updated: '', successfully_retrieved_orders: '1' },
        };
        expect(mappedOrderHash(mapOrder(acknowledged, settings))).toBe(mappedOrderHash(a));
      }),
      { numRuns: 200 },
    );
  });
});
