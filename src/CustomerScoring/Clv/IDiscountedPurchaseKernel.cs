namespace CustomerScoring.Clv;

/// <summary>
/// A purchase model's fast path for <see cref="CustomerLifetimeValue"/>: per customer, the parts of the conditional
/// expectation that do not depend on the horizon (P(alive), prefactors) are computed once for all periods.
/// </summary>
internal interface IDiscountedPurchaseKernel
{
    /// <summary>
    /// destination[i] = Σₖ₌₁..ₙ (E[Y(k·L)] − E[Y((k−1)·L)])·discountFactors[k−1] for validated input.
    /// </summary>
    void DiscountedExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, double periodLength, ReadOnlySpan<double> discountFactors, Span<double> destination);
}
