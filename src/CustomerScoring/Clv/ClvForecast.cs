using CustomerScoring.Numerics.Parallelism;
using CustomerScoring.Summaries;

namespace CustomerScoring.Clv;

/// <summary>
/// Per-customer forecasts from fitted models, aligned with the rows of <see cref="CustomerSummaries"/>:
/// expected purchases over the horizon, probability alive, expected spend per purchase and CLV.
/// </summary>
/// <remarks>
/// <para>CLV is the sum over monthly periods k = 1, 2, ... up to the horizon (the last one possibly shorter) of
/// expected purchases in the period x expected spend x margin rate, discounted by (1 + monthly rate)^-k as if paid
/// at the period's end; expected purchases in a period are the increase of the model's conditional expectation
/// over it.</para>
/// <para>Expected spend uses the Gamma-Gamma model with the customer's repeat purchases and mean repeat spend;
/// customers without repeat purchases, or whose mean repeat spend is not positive (net refunds), get the
/// population mean spend; <see cref="SpendFallbackCount"/> counts the latter.</para>
/// </remarks>
public sealed class ClvForecast
{
    /// <summary>Customers per block between cancellation checks.</summary>
    private const int CancellationBlock = 1 << 15;

    private ClvForecast(ClvForecastOptions options, double[] purchases, double[] alive, double[] spend, double[] value, int fallback, int oneTimeBuyersAlive, List<string> notes)
    {
        OneTimeBuyersAssumedAlive = oneTimeBuyersAlive;
        Notes = notes.AsReadOnly();
        Options = options;
        ExpectedPurchases = purchases;
        ProbabilityAlive = alive;
        ExpectedSpend = spend;
        Value = value;
        SpendFallbackCount = fallback;
    }

    /// <summary>The options used.</summary>
    public ClvForecastOptions Options { get; }

    /// <summary>Expected purchases over the horizon, per summary row.</summary>
    public double[] ExpectedPurchases { get; }

    /// <summary>Probability that the customer is still active at the observation end, per summary row.</summary>
    public double[] ProbabilityAlive { get; }

    /// <summary>Expected spend per future purchase, per summary row.</summary>
    public double[] ExpectedSpend { get; }

    /// <summary>Discounted customer lifetime value over the horizon, per summary row.</summary>
    public double[] Value { get; }

    /// <summary>
    /// One-time buyers (x = 0) to whom the purchase model gives P(alive) = 1 by assumption: BG/NBD lets a customer drop
    /// out only after a repeat purchase. 0 for the other models.
    /// </summary>
    public int OneTimeBuyersAssumedAlive { get; }

    /// <summary>
    /// One-line facts about the forecast that a report should print, e.g. that BG/NBD gives one-time buyers
    /// P(alive) = 1 and MBG/NBD does not. Empty when there is nothing to say.
    /// </summary>
    public System.Collections.ObjectModel.ReadOnlyCollection<string> Notes { get; }

    /// <summary>Customers with repeat purchases whose mean repeat spend was not positive, given the population mean spend
    /// (customers counted in <see cref="ReturnedAwayCount"/> are not among them).</summary>
    public int SpendFallbackCount { get; }

    /// <summary>
    /// With <see cref="ReturnsPolicy.Net"/>: customers whose returns netted their purchases away, i.e. repeat buyers whose
    /// repeat periods net to 0 or less (m = 0) and customers with returns whose total is 0 or less. They are expected to
    /// spend nothing (expected spend and CLV 0) and are not in the Gamma-Gamma fit.
    /// </summary>
    public int ReturnedAwayCount { get; private init; }

    /// <summary>Fits a purchase model on the summaries' x, t_x and T (in their time unit).</summary>
    /// <param name="summaries">The customer summaries.</param>
    /// <param name="kind">The model to fit.</param>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit, checked before each likelihood evaluation.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IPurchaseModel FitPurchases(CustomerSummaries summaries, PurchaseModelKind kind, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        if (kind is not (PurchaseModelKind.BgNbd or PurchaseModelKind.ParetoNbd or PurchaseModelKind.MbgNbd))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown purchase model.");
        }

        // The same fit as the models' Fit on the three columns, from the summaries' distinct rows, which the forecast
        // (Compute) reuses instead of merging the customers again.
        ClvInput.Validate(summaries.Frequency, summaries.Recency, summaries.Age, forFitting: true);
        CompressedRows rows = ClvInput.CompressSummaries(summaries).Rows;
        int repeatBuyers = ClvInput.RepeatBuyers(summaries.Frequency);
        return kind switch
        {
            PurchaseModelKind.BgNbd => BgNbdModel.FitRows(rows, summaries.TimeUnit, options, cancellationToken, repeatBuyers),
            PurchaseModelKind.ParetoNbd => ParetoNbdModel.FitRows(rows, summaries.TimeUnit, options, cancellationToken, repeatBuyers),
            _ => MbgNbdModel.FitRows(rows, summaries.TimeUnit, options, cancellationToken, repeatBuyers),
        };
    }

    /// <summary>
    /// Fits the Gamma-Gamma spend model on the customers with repeat purchases, a positive mean repeat spend and a positive total
    /// (with <see cref="ReturnsPolicy.Net"/> both are net of returns).
    /// </summary>
    /// <param name="summaries">The customer summaries.</param>
    /// <param name="options">Fit options; null for <see cref="ClvFitOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the fit, checked before each likelihood evaluation.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static GammaGammaModel FitSpend(CustomerSummaries summaries, ClvFitOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        // Counted first, so that the two columns are allocated once at their size (not grown and copied).
        ReadOnlySpan<double> frequency = summaries.Frequency, mean = summaries.MonetaryRepeatMean, total = summaries.TotalAmount;
        int count = 0;
        for (int i = 0; i < frequency.Length; i++)
        {
            count += frequency[i] > 0 && mean[i] > 0 && total[i] > 0 ? 1 : 0;
        }

        var x = new double[count];
        var m = new double[count];
        for (int i = 0, k = 0; i < frequency.Length; i++)
        {
            if (frequency[i] > 0 && mean[i] > 0 && total[i] > 0)
            {
                x[k] = frequency[i];
                m[k++] = mean[i];
            }
        }

        return GammaGammaModel.Fit(x, m, options, cancellationToken);
    }

    /// <summary>Computes the forecasts for every summary row.</summary>
    /// <param name="summaries">The customer summaries.</param>
    /// <param name="purchases">The fitted purchase model, in the summaries' time unit.</param>
    /// <param name="spend">The fitted spend model.</param>
    /// <param name="options">Horizon, discounting and margin; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the computation, checked between blocks of customers or monthly steps.</param>
    /// <returns>The forecasts.</returns>
    /// <exception cref="ArgumentException">The purchase model was fitted in another time unit than the summaries'.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ClvForecast Compute(CustomerSummaries summaries, IPurchaseModel purchases, GammaGammaModel spend, ClvForecastOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        options = CheckInputs(summaries, purchases.TimeUnit, spend, options);

        int n = summaries.Count;
        var (horizons, discounts) = Schedule(options, summaries.TimeUnit);
        var expected = new double[n];
        var alive = new double[n];
        var spendPer = new double[n];
        var value = new double[n];
        bool[] nothing = SpendNothing(summaries, out int returnedAway);
        int fallback = Evaluate(purchases, spend, summaries.Frequency, summaries.Recency, summaries.Age, summaries.MonetaryRepeatMean, horizons, discounts, 1.0, expected, alive, spendPer, value, cancellationToken, nothing, ClvInput.CompressSummaries(summaries));
        cancellationToken.ThrowIfCancellationRequested();
        var notes = new List<string>();
        int oneTimeAlive = purchases is BgNbdModel ? OneTimeBuyersNote(summaries, notes) : 0;
        return new ClvForecast(options, expected, alive, spendPer, value, fallback, oneTimeAlive, notes) { ReturnedAwayCount = returnedAway };
    }

    /// <summary>
    /// With <see cref="ReturnsPolicy.Net"/>: the customers whose returns netted their purchases away, a repeat spend of 0 or less
    /// (x &gt; 0, m = 0) or a total of 0 or less with returns. They are expected to spend nothing.
    /// </summary>
    internal static bool[] SpendNothing(CustomerSummaries summaries, out int count)
    {
        var nothing = new bool[summaries.Count];
        count = 0;
        if (summaries.Returns != ReturnsPolicy.Net)
        {
            return nothing;
        }

        for (int i = 0; i < nothing.Length; i++)
        {
            nothing[i] = summaries.ReturnCount[i] > 0
                && (!(summaries.TotalAmount[i] > 0) || (summaries.Frequency[i] > 0 && !(summaries.MonetaryRepeatMean[i] > 0)));
            count += nothing[i] ? 1 : 0;
        }

        return nothing;
    }

    /// <summary>
    /// Computes the forecasts for every summary row with a covariate model: each customer is forecast by the plain model of
    /// its own covariates (<see cref="CovariatePurchaseModel.ForCustomer"/>); spend, discounting and margin as in
    /// <see cref="Compute(CustomerSummaries, IPurchaseModel, GammaGammaModel, ClvForecastOptions?, CancellationToken)"/>.
    /// </summary>
    /// <param name="summaries">The customer summaries.</param>
    /// <param name="purchases">The fitted covariate model, in the summaries' time unit.</param>
    /// <param name="covariates">One row per summary row, in the same order, with the model's covariates.</param>
    /// <param name="spend">The fitted spend model.</param>
    /// <param name="options">Horizon, discounting and margin; the defaults when null.</param>
    /// <param name="cancellationToken">Stops the computation, checked between groups of customers with equal covariates.</param>
    /// <returns>The forecasts.</returns>
    /// <exception cref="ArgumentException">Another time unit, or covariates that do not match the summaries or the model.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ClvForecast Compute(CustomerSummaries summaries, CovariatePurchaseModel purchases, CustomerCovariates covariates, GammaGammaModel spend, ClvForecastOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purchases);
        ArgumentNullException.ThrowIfNull(covariates);
        options = CheckInputs(summaries, purchases.TimeUnit, spend, options);

        int n = summaries.Count;
        int k = purchases.CovariateNames.Count;
        if (covariates.Count != n || !covariates.Names.SequenceEqual(purchases.CovariateNames, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                System.FormattableString.Invariant($"Give one row of the model's {k} covariates ({string.Join(", ", purchases.CovariateNames)}) per summary row ({n}); got {covariates.Count} rows of {string.Join(", ", covariates.Names)}."),
                nameof(covariates));
        }

        // Customers with equal covariates share one plain model and are forecast together.
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var z = new double[k];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++)
            {
                z[j] = covariates[i, j];
            }

            string key = string.Join(',', z.Select(v => BitConverter.DoubleToInt64Bits(v).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (!groups.TryGetValue(key, out List<int>? rows))
            {
                groups[key] = rows = [];
            }

            rows.Add(i);
        }

        var (horizons, discounts) = Schedule(options, summaries.TimeUnit);
        var expected = new double[n];
        var alive = new double[n];
        var spendPer = new double[n];
        var value = new double[n];
        int fallback = 0;
        bool[] nothing = SpendNothing(summaries, out int returnedAway);
        foreach (List<int> rows in groups.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int m = rows.Count;
            for (int j = 0; j < k; j++)
            {
                z[j] = covariates[rows[0], j];
            }

            IPurchaseModel model = purchases.ForCustomer(z);
            double[] x = new double[m], tx = new double[m], t = new double[m], mean = new double[m];
            bool[] groupNothing = new bool[m];
            for (int r = 0; r < m; r++)
            {
                groupNothing[r] = nothing[rows[r]];
                x[r] = summaries.Frequency[rows[r]];
                tx[r] = summaries.Recency[rows[r]];
                t[r] = summaries.Age[rows[r]];
                mean[r] = summaries.MonetaryRepeatMean[rows[r]];
            }

            double[] e = new double[m], a = new double[m], sp = new double[m], v = new double[m];
            fallback += Evaluate(model, spend, x, tx, t, mean, horizons, discounts, 1.0, e, a, sp, v, cancellationToken, groupNothing);
            for (int r = 0; r < m; r++)
            {
                expected[rows[r]] = e[r];
                alive[rows[r]] = a[r];
                spendPer[rows[r]] = sp[r];
                value[rows[r]] = v[r];
            }
        }

        var notes = new List<string>();
        int oneTimeAlive = purchases.Kind == PurchaseModelKind.BgNbd ? OneTimeBuyersNote(summaries, notes) : 0;
        return new ClvForecast(options, expected, alive, spendPer, value, fallback, oneTimeAlive, notes) { ReturnedAwayCount = returnedAway };
    }

    /// <summary>The checks both forecasts start with (<paramref name="purchases"/>: the purchase model's time unit); returns the options in force.</summary>
    private static ClvForecastOptions CheckInputs(CustomerSummaries summaries, TimeUnit purchases, GammaGammaModel spend, ClvForecastOptions? options)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(spend);
        options ??= new ClvForecastOptions();
        options.Validate();
        if (purchases != summaries.TimeUnit)
        {
            throw new ArgumentException(
                $"The purchase model is in {purchases.ToName()}s but the summaries are in {summaries.TimeUnit.ToName()}s; fit the model on these summaries.",
                nameof(purchases));
        }

        return options;
    }

    /// <summary>
    /// The one-time buyers of a BG/NBD forecast (P(alive) = 1 by the model's assumption) and the note that says so.
    /// </summary>
    private static int OneTimeBuyersNote(CustomerSummaries summaries, List<string> notes)
    {
        int count = 0;
        double longest = 0.0;
        for (int i = 0; i < summaries.Count; i++)
        {
            if (summaries.Frequency[i] == 0.0)
            {
                count++;
                longest = Math.Max(longest, summaries.Age[i]);
            }
        }

        if (count > 0)
        {
            notes.Add(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"BG/NBD gives the {count} one-time buyers P(alive) = 1 (the model lets customers drop out only after a repeat purchase), even the one silent for {longest:0.##} {summaries.TimeUnit.ToName()}s; MBG/NBD (PurchaseModelKind.MbgNbd) lets them drop out."));
        }

        return count;
    }

    /// <summary>The period ends t_k (model units) and the factors margin / (1 + monthly rate)^k of a forecast.</summary>
    internal static (double[] Horizons, double[] Discounts) Schedule(ClvForecastOptions options, TimeUnit unit)
    {
        // Purchases in month k = E[X(t_k)] - E[X(t_(k-1))], t_k = min(k months, horizon) and the last t_k = horizon,
        // discounted by (1 + monthly rate)^-k. The last cumulative expectation is the horizon's expected purchases.
        double unitDays = unit.Days();
        double horizon = options.Horizon * options.HorizonUnit.Days() / unitDays;
        double periodLength = ClvForecastOptions.DaysPerMonth / unitDays;
        int periods = Math.Max(1, (int)Math.Ceiling((horizon / periodLength) - 1e-9));
        double monthlyRate = Math.Pow(1 + options.AnnualDiscountRate, 1.0 / 12) - 1;
        var horizons = new double[periods];
        var discounts = new double[periods];
        for (int k = 1; k <= periods; k++)
        {
            horizons[k - 1] = k == periods ? horizon : Math.Min(k * periodLength, horizon);
            discounts[k - 1] = options.MarginRate / Math.Pow(1 + monthlyRate, k);
        }

        return (horizons, discounts);
    }

    /// <summary>
    /// The one model-based CLV routine (<see cref="CustomerLifetimeValue.Compute"/> and the forecasts call it): for customers
    /// (x, t_x, T, m), value = spend x (<paramref name="scale"/> x sum over k of (E[Y(t_k)] - E[Y(t_(k-1))]) x factor_k), with
    /// t_k = <paramref name="horizons"/>[k] and factor_k = <paramref name="discounts"/>[k]; spend is the Gamma-Gamma conditional
    /// expectation, the population mean for customers with x &gt; 0 and m ≤ 0 (counted in the return value), except those flagged in
    /// <paramref name="spendNothing"/> (returns netted their purchases away), who are expected to spend 0. Also writes
    /// E[Y(last horizon)] and P(alive) when those destinations are not empty.
    /// </summary>
    internal static int Evaluate(
        IPurchaseModel purchases,
        GammaGammaModel spend,
        ReadOnlySpan<double> frequency,
        ReadOnlySpan<double> recency,
        ReadOnlySpan<double> age,
        ReadOnlySpan<double> monetary,
        ReadOnlySpan<double> horizons,
        ReadOnlySpan<double> discounts,
        double scale,
        Span<double> expected,
        Span<double> alive,
        Span<double> spendPer,
        Span<double> value,
        CancellationToken cancellationToken,
        ReadOnlySpan<bool> spendNothing = default,
        SummaryRows? compressed = null)
    {
        int n = frequency.Length;

        // Customers with the same (x, t_x, T) have the same expectations: evaluate each distinct row once, in the rows'
        // sorted order (so a customer's value does not depend on where the customers stand), then hand them out.
        ClvInput.Validate(frequency, recency, age, forFitting: false);
        int[] rowOf = compressed?.RowOf ?? new int[n];
        CompressedRows rows = compressed?.Rows ?? ClvInput.Compress(frequency, recency, age, rowOf: rowOf);
        int u = rows.Count;
        double[] rowAlive = alive.IsEmpty ? [] : new double[u];
        double[] rowExpected = expected.IsEmpty ? [] : new double[u];
        double[] rowValue = new double[u];
        var kernel = purchases as IDiscountedPurchaseKernel;
        if (!alive.IsEmpty && kernel is null)
        {
            purchases.ProbabilityAlive(rows.X, rows.Tx, rows.T, rowAlive);
        }

        // All periods of a block of rows at once (the BG/NBD family and Pareto/NBD run them through their vector kernels).
        // The library's own models evaluate each row alone, so their blocks (always the same blocks) run on several
        // threads with the same results; a model of the caller's runs on this thread, as its thread safety is unknown.
        int blocks = (u + CancellationBlock - 1) / CancellationBlock;
        if (purchases is BetaGeometricNbdModel family)
        {
            // The BG/NBD family's brackets depend on (x, T) only: summed once per distinct pair, then per row times its P(alive).
            family.DiscountedRows(rows, horizons.ToArray(), discounts.ToArray(), rowValue, rowExpected, rowAlive, cancellationToken);
        }
        else if (kernel is not null)
        {
            double[] horizonArray = horizons.ToArray(), discountArray = discounts.ToArray();
            ParallelWork.ForBlocks(blocks, b => EvaluateBlock(purchases, kernel, rows, b, horizonArray, discountArray, rowValue, rowExpected, rowAlive), cancellationToken);
        }
        else
        {
            // A model of the caller's, on this thread.
            for (int b = 0; b < blocks; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Range block = (b * CancellationBlock)..Math.Min(u, (b + 1) * CancellationBlock);
                Span<double> expectedBlock = expected.IsEmpty ? default : rowExpected.AsSpan(block);
                DiscountedExpectedPurchases(purchases, rows.X.AsSpan(block), rows.Tx.AsSpan(block), rows.T.AsSpan(block), horizons, discounts, rowValue.AsSpan(block), expectedBlock);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var perRow = new RowResults(rowOf, rowValue, rowExpected, rowAlive, scale);
        if (n >= 2 * CancellationBlock && spend.Q > 1.0)
        {
            try
            {
                return CustomersInBlocks(spend, frequency, monetary, spendNothing, perRow, expected, alive, spendPer, value, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Bad input in a block: the whole range below throws the same failure with the customer's position in the whole.
            }
        }

        return Customers(spend, frequency, monetary, spendNothing, perRow, 0, expected, alive, spendPer, value);
    }

    /// <summary>What the customers take from their distinct rows: the row of each, the rows' values and the scale.</summary>
    private sealed record RowResults(int[] RowOf, double[] Value, double[] Expected, double[] Alive, double Scale);

    /// <summary>
    /// <see cref="Customers"/> over blocks of customers on the available threads (each customer's results depend on its own
    /// inputs alone, so the split changes no bit; the fallback count is a sum of whole numbers). The spans are pinned for
    /// the call, so the blocks reach them through their addresses.
    /// </summary>
    private static unsafe int CustomersInBlocks(GammaGammaModel spend, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, ReadOnlySpan<bool> spendNothing, RowResults perRow,
        Span<double> expected, Span<double> alive, Span<double> spendPer, Span<double> value, CancellationToken cancellationToken)
    {
        int n = frequency.Length;
        int blocks = (n + CancellationBlock - 1) / CancellationBlock;
        var fallbacks = new int[blocks];
        bool hasNothing = !spendNothing.IsEmpty, hasExpected = !expected.IsEmpty, hasAlive = !alive.IsEmpty;
        fixed (double* f = frequency, m = monetary, e = expected, a = alive, sp = spendPer, v = value)
        fixed (bool* z = spendNothing)
        {
            nint fp = (nint)f, mp = (nint)m, ep = (nint)e, ap = (nint)a, spp = (nint)sp, vp = (nint)v, zp = (nint)z;
            ParallelWork.ForBlocks(blocks, b =>
            {
                int start = b * CancellationBlock, length = Math.Min(n, start + CancellationBlock) - start;
                fallbacks[b] = Customers(spend,
                    new ReadOnlySpan<double>((double*)fp + start, length), new ReadOnlySpan<double>((double*)mp + start, length),
                    hasNothing ? new ReadOnlySpan<bool>((bool*)zp + start, length) : default, perRow, start,
                    hasExpected ? new Span<double>((double*)ep + start, length) : default, hasAlive ? new Span<double>((double*)ap + start, length) : default,
                    new Span<double>((double*)spp + start, length), new Span<double>((double*)vp + start, length));
            }, cancellationToken);
        }

        int fallback = 0;
        foreach (int count in fallbacks)
        {
            fallback += count;
        }

        return fallback;
    }

    /// <summary>
    /// The customers' own part of <see cref="Evaluate"/>, for customers <paramref name="first"/> onwards (the spans start
    /// there): the expected spend per transaction, then the value, E[Y] and P(alive) from their rows. Returns the number
    /// of customers given the population mean spend.
    /// </summary>
    private static int Customers(GammaGammaModel spend, ReadOnlySpan<double> frequency, ReadOnlySpan<double> monetary, ReadOnlySpan<bool> spendNothing, RowResults perRow, int first,
        Span<double> expected, Span<double> alive, Span<double> spendPer, Span<double> value)
    {
        int n = frequency.Length;

        // Customers whose returns netted their purchases away (spendNothing) are expected to spend nothing. Other customers
        // with x > 0 but a non-positive repeat mean cannot enter the Gamma-Gamma update: they get the population mean.
        var x = frequency.ToArray();
        var m = monetary.ToArray();
        int fallback = 0;
        for (int i = 0; i < n; i++)
        {
            bool nothing = !spendNothing.IsEmpty && spendNothing[i];
            if (nothing || (x[i] > 0 && !(m[i] > 0)))
            {
                x[i] = 0;
                m[i] = 0;
                fallback += nothing ? 0 : 1;
            }
        }

        spend.ConditionalExpectedSpend(x, m, spendPer);
        for (int i = 0; i < spendNothing.Length; i++)
        {
            if (spendNothing[i])
            {
                spendPer[i] = 0.0;
            }
        }

        int[] rowOf = perRow.RowOf;
        double[] rowValue = perRow.Value, rowExpected = perRow.Expected, rowAlive = perRow.Alive;
        double scale = perRow.Scale;
        for (int i = 0; i < n; i++)
        {
            int row = rowOf[first + i];
            value[i] = spendPer[i] * (scale * rowValue[row]);
            if (!expected.IsEmpty)
            {
                expected[i] = rowExpected[row];
            }

            if (!alive.IsEmpty)
            {
                alive[i] = rowAlive[row];
            }
        }

        return fallback;
    }

    /// <summary>
    /// Block <paramref name="b"/> of the distinct rows through one of the library's models: the discounted expected
    /// purchases, E[Y] at the last horizon and P(alive) when their row arrays are not empty.
    /// </summary>
    private static void EvaluateBlock(IPurchaseModel purchases, IDiscountedPurchaseKernel kernel, CompressedRows rows, int b, ReadOnlySpan<double> horizons, ReadOnlySpan<double> discounts, double[] rowValue, double[] rowExpected, double[] rowAlive)
    {
        Range block = (b * CancellationBlock)..Math.Min(rows.Count, (b + 1) * CancellationBlock);
        Span<double> expectedBlock = rowExpected.Length == 0 ? default : rowExpected.AsSpan(block);
        kernel.DiscountedExpectedPurchases(rows.X.AsSpan(block), rows.Tx.AsSpan(block), rows.T.AsSpan(block), horizons, discounts, rowValue.AsSpan(block), expectedBlock);
        if (rowAlive.Length != 0)
        {
            purchases.ProbabilityAlive(rows.X.AsSpan(block), rows.Tx.AsSpan(block), rows.T.AsSpan(block), rowAlive.AsSpan(block));
        }
    }

    /// <summary>
    /// The generic form of <see cref="IDiscountedPurchaseKernel.DiscountedExpectedPurchases"/> for any purchase model, through
    /// <see cref="IPurchaseModel.ExpectedPurchases"/>, one call per period.
    /// </summary>
    private static void DiscountedExpectedPurchases(IPurchaseModel purchases, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, ReadOnlySpan<double> horizons, ReadOnlySpan<double> factors, Span<double> destination, Span<double> expectedAtEnd)
    {
        int n = frequency.Length;
        var previous = new double[n];
        var current = new double[n];
        destination.Clear();
        for (int k = 0; k < factors.Length; k++)
        {
            purchases.ExpectedPurchases(frequency, recency, age, horizons[k], current);
            double factor = factors[k];
            for (int i = 0; i < n; i++)
            {
                destination[i] += (current[i] - previous[i]) * factor;
            }

            (previous, current) = (current, previous);
        }

        if (!expectedAtEnd.IsEmpty)
        {
            previous.CopyTo(expectedAtEnd);
        }
    }
}
