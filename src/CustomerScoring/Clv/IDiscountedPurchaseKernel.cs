namespace CustomerScoring.Clv;

/// <summary>
/// A purchase model's fast path for <see cref="CustomerLifetimeValue"/>: per customer, the parts of the conditional
/// expectation that do not depend on the horizon (P(alive), prefactors) are computed once for all periods.
/// </summary>
internal interface IDiscountedPurchaseKernel
{
    /// <summary>
    /// destination[i] = Σₖ₌₁..ₙ (E[Y(tₖ)] − E[Y(tₖ₋₁)])·discountFactors[k−1] for validated input, with the increasing period
    /// ends tₖ = horizons[k−1] (t₀ = 0); expectedAtEnd[i] = E[Y(tₙ)] unless <paramref name="expectedAtEnd"/> is empty.
    /// </summary>
    void DiscountedExpectedPurchases(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> horizons, ReadOnlySpan<double> discountFactors, Span<double> destination, Span<double> expectedAtEnd);
}
