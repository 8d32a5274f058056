// Time value of money: a saving in month 36 is worth less than one today. Monthly cash flows are
// discounted at the monthly equivalent of the organization's yearly rate: (1 + r)^(1/12) − 1.

export function monthlyDiscountRate(discountRatePerYear: number): number {
  return (1 + discountRatePerYear) ** (1 / 12) - 1;
}

/**
 * NPV = Σ cashFlow[m] / (1 + i)^m, m = 0 for the up-front flow (capex) and 1, 2, … for the months.
 * Cash flows are signed: savings positive, spending negative.
 */
export function netPresentValue(upFrontUsd: number, monthlyCashFlowsUsd: readonly number[], ratePerYear: number) {
  const i = monthlyDiscountRate(ratePerYear);
  let npv = upFrontUsd;
  monthlyCashFlowsUsd.forEach((flow, index) => {
    npv += flow / (1 + i) ** (index + 1);
  });
  return npv;
}
