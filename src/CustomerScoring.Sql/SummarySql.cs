using System.Globalization;
using System.Text;
using CustomerScoring.Summaries;

namespace CustomerScoring.Sql;

/// <summary>
/// Generates the SQL that computes customer summaries inside a database, with exactly the definitions of the in-memory
/// <see cref="Summarizer"/> (see docs/summaries.md): purchases bucketed into periods (days, or Monday-to-Sunday weeks),
/// times measured between period starts and converted into the time unit, the first period's amount left out of the
/// repeat mean, holdout columns counted in the same periods.
/// </summary>
/// <remarks>
/// The statements are readable (one common table expression per step), quote every table and column name as an
/// identifier and take the observation and holdout ends as DATE parameters (<c>observation_end</c>,
/// <c>holdout_end</c>). Column names of the summary result: customer_key, transactions, purchase_periods, x, t_x, T,
/// time_since_last_purchase, gap_before_last_purchase, first_purchase, last_purchase, total_amount, gross_amount,
/// returns_amount, return_count, total_margin, first_period_amount, monetary_repeat_mean and, with a holdout,
/// holdout_purchase_periods, holdout_transactions, holdout_amount.
/// <see cref="SummaryOptions.Returns"/> is honoured as in memory: with <see cref="ReturnsPolicy.Net"/> and
/// <see cref="ReturnsPolicy.Exclude"/> a row with a negative amount is a return, not a purchase (no transaction, no
/// period, no first or last purchase), summed into returns_amount and, with Net, into total_amount, total_margin and
/// holdout_amount. With Net a return also belongs to the latest purchase period at or before its own (one before the
/// first purchase to the first period): monetary_repeat_mean = (the repeat periods' purchases + the returns from the
/// second purchase period on) / x, and 0 when that sum is 0 or less; first_period_amount stays the purchases' sum.
/// Amounts and margins are summed exactly, as in memory: each is turned into a whole number of 2^-64 units (amounts
/// below 2^-12 in magnitude rounded to the nearest unit, ties to even), summed as HUGEINT (DuckDB), NUMERIC (PostgreSQL)
/// or DECIMAL(38, 0) (Spark), and every amount column is rounded to a double once, so the amounts equal the in-memory
/// <see cref="Summarizer"/>'s bit for bit whatever the order of the rows (see docs/scale.md).
/// </remarks>
public static class SummarySql
{
    /// <summary>
    /// The summary query: one row per customer with at least one purchase on or before the observation end, ordered by
    /// customer key (so the rows, and everything read from them, come in the same order on every run).
    /// </summary>
    /// <param name="source">The transactions' table or query and column names.</param>
    /// <param name="options">The observation window and units (<see cref="SummaryOptions.MaxDegreeOfParallelism"/> is ignored).</param>
    /// <param name="dialect">The SQL dialect.</param>
    /// <exception cref="ArgumentException">Invalid options (e.g. a holdout end not after the observation end) or an empty name.</exception>
    public static SqlQuery Summary(TransactionSource source, SummaryOptions options, SqlDialect dialect)
    {
        var g = new Generator(source, options, dialect);
        var sb = new StringBuilder();
        g.Header(sb, "Customer summaries: one row per customer with a purchase on or before the observation end.");
        g.CommonTables(sb);
        g.SummarySelect(sb);
        sb.Append("\nORDER BY c.customer_key");
        return g.Query(sb);
    }

    /// <summary>
    /// The portfolio counts that go with the summary (one row): rows_with_nulls (rows whose customer key, timestamp, amount
    /// or margin is NULL: the in-memory engine cannot hold them, so reading fails when there are any),
    /// excluded_after_end, customers_without_purchases, holdout_transactions_of_new_customers,
    /// customers_with_only_returns, returns_of_customers_without_purchases,
    /// returns_value_of_customers_without_purchases and holdout_return_transactions (the last four 0 with
    /// <see cref="ReturnsPolicy.Keep"/>).
    /// </summary>
    /// <param name="source">The transactions' table or query and column names.</param>
    /// <param name="options">The observation window and units.</param>
    /// <param name="dialect">The SQL dialect.</param>
    /// <exception cref="ArgumentException">Invalid options or an empty name.</exception>
    public static SqlQuery Portfolio(TransactionSource source, SummaryOptions options, SqlDialect dialect)
    {
        var g = new Generator(source, options, dialect);
        var sb = new StringBuilder();
        g.Header(sb, "Portfolio counts that go with the customer summaries.");
        g.PortfolioBody(sb);
        return g.Query(sb);
    }

    /// <summary>
    /// The (x, t_x, T) histogram: the distinct rows of the summary's x, t_x and T with the number of customers on each
    /// (column <c>customers</c>), ordered by x, t_x, T: what BG/NBD, MBG/NBD and Pareto/NBD are fitted on.
    /// </summary>
    /// <param name="source">The transactions' table or query and column names.</param>
    /// <param name="options">The observation window and units.</param>
    /// <param name="dialect">The SQL dialect.</param>
    /// <exception cref="ArgumentException">Invalid options or an empty name.</exception>
    public static SqlQuery Histogram(TransactionSource source, SummaryOptions options, SqlDialect dialect)
    {
        var g = new Generator(source, options, dialect);
        var sb = new StringBuilder();
        g.Header(sb, "The (x, t_x, T) histogram of the customer summaries, for fitting BG/NBD, MBG/NBD and Pareto/NBD.");
        g.CommonTables(sb);
        sb.Append(",\nsummaries AS (\n");
        g.SummarySelect(sb);
        sb.Append("\n)\n");
        string x = g.D.Identifier("x"), tx = g.D.Identifier("t_x"), t = g.D.Identifier("T");
        sb.Append(CultureInfo.InvariantCulture, $"SELECT {x}, {tx}, {t}, CAST(COUNT(*) AS {g.D.BigintType}) AS {g.D.Identifier("customers")}\n");
        sb.Append(CultureInfo.InvariantCulture, $"FROM summaries\nGROUP BY {x}, {tx}, {t}\nORDER BY {x}, {tx}, {t}");
        return g.Query(sb);
    }

    /// <summary>
    /// The Gamma-Gamma histogram: the repeat buyers' (x &gt; 0) distinct (x, monetary_repeat_mean) pairs with the number
    /// of customers on each (column <c>customers</c>), ordered by x and mean.
    /// </summary>
    /// <param name="source">The transactions' table or query and column names.</param>
    /// <param name="options">The observation window and units.</param>
    /// <param name="dialect">The SQL dialect.</param>
    /// <exception cref="ArgumentException">Invalid options or an empty name.</exception>
    public static SqlQuery SpendHistogram(TransactionSource source, SummaryOptions options, SqlDialect dialect)
    {
        var g = new Generator(source, options, dialect);
        var sb = new StringBuilder();
        g.Header(sb, "The repeat buyers' (x, mean repeat-period amount) histogram, for fitting Gamma-Gamma.");
        g.CommonTables(sb);
        sb.Append(",\nsummaries AS (\n");
        g.SummarySelect(sb);
        sb.Append("\n)\n");
        string x = g.D.Identifier("x"), m = g.D.Identifier("monetary_repeat_mean");
        sb.Append(CultureInfo.InvariantCulture, $"SELECT {x}, {m}, CAST(COUNT(*) AS {g.D.BigintType}) AS {g.D.Identifier("customers")}\n");
        sb.Append(CultureInfo.InvariantCulture, $"FROM summaries\nWHERE {x} > 0\nGROUP BY {x}, {m}\nORDER BY {x}, {m}");
        return g.Query(sb);
    }

    /// <summary>
    /// The last calendar day of the source's transactions (one row, column <c>last_day</c>, NULL without rows), from which
    /// the usual default analysis date, the day after it, is taken; see <see cref="SqlSummaries.DayAfterLastTransaction"/>.
    /// </summary>
    /// <param name="source">The transactions' table or query and column names.</param>
    /// <param name="dialect">The SQL dialect.</param>
    /// <exception cref="ArgumentException">An empty name.</exception>
    public static SqlQuery LastDay(TransactionSource source, SqlDialect dialect)
    {
        // The window is irrelevant here; any valid options make the generator.
        var g = new Generator(source, new SummaryOptions(DateOnly.MinValue), dialect);
        var sb = new StringBuilder("-- The last calendar day of the transactions: the default analysis date is the day after it.\n");
        sb.Append(CultureInfo.InvariantCulture, $"-- Generated by CustomerScoring.Sql ({g.D.Kind}).\nWITH ");
        g.Transactions(sb);
        sb.Append(CultureInfo.InvariantCulture, $"\nSELECT MAX(day) AS {g.D.Identifier("last_day")}\nFROM transactions");
        return new SqlQuery(g.D.Kind, sb.ToString(), []);
    }

    /// <summary>Builds the pieces of the statements for one source, window and dialect.</summary>
    private sealed class Generator
    {
        private readonly TransactionSource _source;
        private readonly SummaryOptions _options;
        private readonly int _periodDays;
        private readonly int _unitDays;

        public Generator(TransactionSource source, SummaryOptions options, SqlDialect dialect)
        {
            ArgumentNullException.ThrowIfNull(source);
            ArgumentNullException.ThrowIfNull(options);
            D = Dialect.Of(dialect);
            _ = options.Period.Days();
            _ = options.TimeUnit.Days();
            if (options.HoldoutEnd is { } h && h <= options.ObservationEnd)
            {
                throw new ArgumentException($"HoldoutEnd {h:yyyy-MM-dd} must be after ObservationEnd {options.ObservationEnd:yyyy-MM-dd}.", nameof(options));
            }

            _source = source;
            _options = options;
            _periodDays = options.Period.Days();
            _unitDays = options.TimeUnit.Days();
            _ = source.FromItem(D);
        }

        public Dialect D { get; }

        private bool HasHoldout => _options.HoldoutEnd.HasValue;

        private string End => D.DateParameter("observation_end");

        /// <summary>Keep: every row is a purchase; Net and Exclude: a negative amount is a return.</summary>
        private bool KeepsReturns => _options.Returns == ReturnsPolicy.Keep;

        private bool Nets => _options.Returns == ReturnsPolicy.Net;

        /// <summary>The condition that makes a row a purchase, appended to a WHERE or CASE condition (nothing with Keep).</summary>
        private string AndPurchase => KeepsReturns ? string.Empty : " AND amount >= 0";

        private string LastDay => HasHoldout ? D.DateParameter("holdout_end") : End;

        public SqlQuery Query(StringBuilder sb)
        {
            var parameters = new List<KeyValuePair<string, object>> { new("observation_end", _options.ObservationEnd) };
            if (_options.HoldoutEnd is { } h)
            {
                parameters.Add(new("holdout_end", h));
            }

            return new SqlQuery(D.Kind, sb.ToString(), parameters);
        }

        public void Header(StringBuilder sb, string what)
        {
            sb.Append("-- ").Append(what).Append('\n');
            sb.Append(CultureInfo.InvariantCulture, $"-- Generated by CustomerScoring.Sql ({D.Kind}). Periods: {_options.Period.ToName()}s");
            sb.Append(_periodDays == 7 ? " (Monday to Sunday)" : string.Empty);
            sb.Append(CultureInfo.InvariantCulture, $"; time unit: {_options.TimeUnit.ToName()} ({_unitDays} day{(_unitDays == 1 ? string.Empty : "s")}).\n");
            sb.Append(CultureInfo.InvariantCulture, $"-- Calibration: transactions on or before {D.Parameter("observation_end")} (inclusive)");
            sb.Append(HasHoldout ? $"; holdout: after it, up to {D.Parameter("holdout_end")} (inclusive)" : string.Empty);
            sb.Append(".\n");
            sb.Append(_options.Returns switch
            {
                ReturnsPolicy.Net => "-- Returns (negative amounts) are no purchases; their amounts are netted into the totals and, from the second purchase period on, into m (ReturnsPolicy.Net).\n",
                ReturnsPolicy.Exclude => "-- Returns (negative amounts) are no purchases; they are counted and dropped from the totals (ReturnsPolicy.Exclude).\n",
                _ => "-- Every row is a purchase, negative amounts too (ReturnsPolicy.Keep).\n",
            });
        }

        /// <summary>WITH transactions, calibration, purchase_periods, period_bounds, period_facts, customer_facts[, customer_returns][, repeat_returns][, holdout]</summary>
        public void CommonTables(StringBuilder sb)
        {
            sb.Append("WITH ");
            TransactionsTable(sb);
            string period = D.PeriodStart("day", _periodDays);
            string purchases = KeepsReturns ? "transactions on or before the observation end" : "purchases (amount >= 0) on or before the observation end";
            string secondPeriod = Nets ? "\n        MIN(CASE WHEN p.period > b.first_period THEN p.period END) AS second_period," : string.Empty;
            sb.Append(CultureInfo.InvariantCulture, $"""
                ,
                calibration AS (
                    -- {purchases}, each with the start of its purchase period
                    SELECT customer_key, ts, amount, amount_units, margin_units, {period} AS period
                    FROM transactions
                    WHERE day <= {End}{AndPurchase}
                ),
                purchase_periods AS (
                    -- one row per customer and purchase period: several purchases in one period count once, amounts summed
                    SELECT customer_key, period, SUM(amount_units) AS period_amount
                    FROM calibration
                    GROUP BY customer_key, period
                ),
                period_bounds AS (
                    SELECT customer_key, COUNT(*) AS purchase_periods, MIN(period) AS first_period, MAX(period) AS last_period
                    FROM purchase_periods
                    GROUP BY customer_key
                ),
                period_facts AS (
                    -- the first period's amount and the gap before the last period, by a join and conditional aggregates
                    -- (no window functions: the engine's aggregations and joins spill to disk beyond its memory limit)
                    SELECT
                        b.customer_key,
                        b.purchase_periods,
                        b.first_period,
                        b.last_period,
                        SUM(CASE WHEN p.period = b.first_period THEN p.period_amount ELSE 0 END) AS first_period_amount,{secondPeriod}
                        COALESCE({D.DaysBetween("MAX(CASE WHEN p.period < b.last_period THEN p.period END)", "b.last_period")}, 0) AS last_gap_days
                    FROM period_bounds AS b
                    JOIN purchase_periods AS p ON p.customer_key = b.customer_key
                    GROUP BY b.customer_key, b.purchase_periods, b.first_period, b.last_period
                ),
                customer_facts AS (
                    SELECT
                        customer_key,
                        COUNT(*) AS transactions,
                        MIN(ts) AS first_purchase,
                        MAX(ts) AS last_purchase,
                        SUM(amount_units) AS gross_amount,
                        SUM(margin_units) AS gross_margin
                    FROM calibration
                    GROUP BY customer_key
                )
                """);
            if (!KeepsReturns)
            {
                sb.Append(CultureInfo.InvariantCulture, $"""
                    ,
                    customer_returns AS (
                        -- returns (amount < 0) on or before the observation end: no purchase, {(Nets ? "netted into the totals" : "listed, not netted")}
                        SELECT
                            customer_key,
                            COUNT(*) AS return_count,
                            SUM(amount_units) AS returns_amount,
                            SUM(margin_units) AS returns_margin
                        FROM transactions
                        WHERE day <= {End} AND amount < 0
                        GROUP BY customer_key
                    )
                    """);
            }

            if (Nets)
            {
                sb.Append(CultureInfo.InvariantCulture, $"""
                    ,
                    repeat_returns AS (
                        -- returns netted into the repeat periods (for m): a return belongs to the latest purchase period at or
                        -- before its own (one before the first purchase to the first period), so to a repeat period exactly
                        -- when its own period is at or after the second purchase period
                        SELECT
                            t.customer_key,
                            SUM(t.amount_units) AS repeat_returns_amount
                        FROM transactions AS t
                        JOIN period_facts AS p ON p.customer_key = t.customer_key
                        WHERE t.day <= {End} AND t.amount < 0 AND {D.PeriodStart("t.day", _periodDays)} >= p.second_period
                        GROUP BY t.customer_key
                    )
                    """);
            }

            if (HasHoldout)
            {
                // Keep: every holdout row is a purchase. Net: purchases counted, returns netted into the amount. Exclude: returns dropped.
                string purchase = KeepsReturns ? string.Empty : "amount >= 0";
                string count = KeepsReturns ? "COUNT(*)" : $"COUNT(CASE WHEN {purchase} THEN 1 END)";
                string periods = KeepsReturns ? $"COUNT(DISTINCT {period})" : $"COUNT(DISTINCT CASE WHEN {purchase} THEN {period} END)";
                string amount = _options.Returns == ReturnsPolicy.Exclude ? $"SUM(CASE WHEN {purchase} THEN amount_units ELSE 0 END)" : "SUM(amount_units)";
                string what = KeepsReturns ? "transactions" : Nets ? "purchases (returns netted into the amount)" : "purchases (returns dropped)";
                sb.Append(CultureInfo.InvariantCulture, $"""
                    ,
                    holdout AS (
                        -- {what} after the observation end, on or before the holdout end, counted in the same periods
                        SELECT
                            customer_key,
                            {count} AS holdout_transactions,
                            {periods} AS holdout_purchase_periods,
                            {amount} AS holdout_amount
                        FROM transactions
                        WHERE day > {End} AND day <= {LastDay}
                        GROUP BY customer_key
                    )
                    """);
            }
        }

        public void SummarySelect(StringBuilder sb)
        {
            string endPeriod = D.PeriodStart(End, _periodDays);
            string dbl = D.DoubleType;
            string big = D.BigintType;
            string Units(string from, string to) => D.DaysToUnits(D.DaysBetween(from, to), _unitDays);
            string Exact(string units) => D.UnitsToDouble(units);
            string returnsAmount = KeepsReturns ? $"CAST(0 AS {dbl})" : Exact("COALESCE(r.returns_amount, 0)");
            string returnCount = KeepsReturns ? $"CAST(0 AS {big})" : $"CAST(COALESCE(r.return_count, 0) AS {big})";
            string total = Exact(Nets ? "c.gross_amount + COALESCE(r.returns_amount, 0)" : "c.gross_amount");
            string margin = Exact(Nets ? "c.gross_margin + COALESCE(r.returns_margin, 0)" : "c.gross_margin");
            // m: the repeat periods' purchases (gross - first period, exact, rounded once) per repeat period; with Net the
            // repeat periods' returns netted in, and 0 when that nets to 0 or less.
            string repeatSpend = Nets
                ? "c.gross_amount - p.first_period_amount + COALESCE(rr.repeat_returns_amount, 0)"
                : "c.gross_amount - p.first_period_amount";
            string positive = Nets ? $" AND {repeatSpend} > 0" : string.Empty;
            sb.Append(CultureInfo.InvariantCulture, $"""

                SELECT
                    c.customer_key AS {Id("customer_key")},
                    CAST(c.transactions AS {big}) AS {Id("transactions")},
                    CAST(p.purchase_periods AS {big}) AS {Id("purchase_periods")},
                    CAST(p.purchase_periods - 1 AS {big}) AS {Id("x")},
                    {Units("p.first_period", "p.last_period")} AS {Id("t_x")},
                    {Units("p.first_period", endPeriod)} AS {Id("T")},
                    {Units("p.last_period", endPeriod)} AS {Id("time_since_last_purchase")},
                    {D.DaysToUnits("p.last_gap_days", _unitDays)} AS {Id("gap_before_last_purchase")},
                    c.first_purchase AS {Id("first_purchase")},
                    c.last_purchase AS {Id("last_purchase")},
                    {total} AS {Id("total_amount")},
                    {Exact("c.gross_amount")} AS {Id("gross_amount")},
                    {returnsAmount} AS {Id("returns_amount")},
                    {returnCount} AS {Id("return_count")},
                    {margin} AS {Id("total_margin")},
                    {Exact("p.first_period_amount")} AS {Id("first_period_amount")},
                    CASE WHEN p.purchase_periods > 1{positive}
                         THEN {Exact($"({repeatSpend})")} / CAST(p.purchase_periods - 1 AS {dbl})
                         ELSE CAST(0 AS {dbl}) END AS {Id("monetary_repeat_mean")}
                """);
            if (HasHoldout)
            {
                sb.Append(CultureInfo.InvariantCulture, $"""
                    ,
                        CAST(COALESCE(h.holdout_purchase_periods, 0) AS {big}) AS {Id("holdout_purchase_periods")},
                        CAST(COALESCE(h.holdout_transactions, 0) AS {big}) AS {Id("holdout_transactions")},
                        {Exact("COALESCE(h.holdout_amount, 0)")} AS {Id("holdout_amount")}
                    """);
            }

            sb.Append("\nFROM customer_facts AS c\nJOIN period_facts AS p ON p.customer_key = c.customer_key");
            if (!KeepsReturns)
            {
                sb.Append("\nLEFT JOIN customer_returns AS r ON r.customer_key = c.customer_key");
            }

            if (Nets)
            {
                sb.Append("\nLEFT JOIN repeat_returns AS rr ON rr.customer_key = c.customer_key");
            }

            if (HasHoldout)
            {
                sb.Append("\nLEFT JOIN holdout AS h ON h.customer_key = c.customer_key");
            }
        }

        public void PortfolioBody(StringBuilder sb)
        {
            sb.Append("WITH ");
            TransactionsTable(sb);
            string nullMargin = _source.MarginColumn is null ? string.Empty : " OR margin IS NULL";
            string holdoutRows = HasHoldout ? $"CASE WHEN day > {End} AND day <= {LastDay}{AndPurchase} THEN 1 ELSE 0 END" : "0";
            string big = D.BigintType;
            string dbl = D.DoubleType;
            string calibrationReturns = KeepsReturns ? string.Empty : $"""
                ,
                        SUM(CASE WHEN day <= {End} AND amount < 0 THEN 1 ELSE 0 END) AS calibration_returns,
                        SUM(CASE WHEN day <= {End} AND amount < 0 THEN amount_units ELSE 0 END) AS calibration_returns_amount
                """;
            string purchasesWhat = KeepsReturns ? "transactions" : "purchases";
            sb.Append(CultureInfo.InvariantCulture, $"""
                ,
                customers AS (
                    -- per customer: {purchasesWhat} on or before the observation end and in the holdout
                    SELECT
                        customer_key,
                        SUM(CASE WHEN day <= {End}{AndPurchase} THEN 1 ELSE 0 END) AS calibration_rows,
                        SUM({holdoutRows}) AS holdout_rows{calibrationReturns}
                    FROM transactions
                    WHERE customer_key IS NOT NULL AND day IS NOT NULL AND amount IS NOT NULL
                    GROUP BY customer_key
                )
                SELECT
                    CAST((SELECT COUNT(*) FROM transactions
                          WHERE customer_key IS NULL OR day IS NULL OR amount IS NULL{nullMargin}) AS {big}) AS {Id("rows_with_nulls")},
                    CAST((SELECT COUNT(*) FROM transactions WHERE day > {LastDay}) AS {big}) AS {Id("excluded_after_end")},
                    CAST((SELECT COUNT(*) FROM customers WHERE calibration_rows = 0) AS {big}) AS {Id("customers_without_purchases")},
                    CAST((SELECT COALESCE(SUM(holdout_rows), 0) FROM customers WHERE calibration_rows = 0) AS {big}) AS {Id("holdout_transactions_of_new_customers")}
                """);
            if (KeepsReturns)
            {
                sb.Append(CultureInfo.InvariantCulture, $"""
                    ,
                        CAST(0 AS {big}) AS {Id("customers_with_only_returns")},
                        CAST(0 AS {big}) AS {Id("returns_of_customers_without_purchases")},
                        CAST(0 AS {dbl}) AS {Id("returns_value_of_customers_without_purchases")},
                        CAST(0 AS {big}) AS {Id("holdout_return_transactions")}
                    """);
            }
            else
            {
                string holdoutReturns = HasHoldout
                    ? $"(SELECT COUNT(*) FROM transactions WHERE day > {End} AND day <= {LastDay} AND amount < 0)"
                    : "0";
                sb.Append(CultureInfo.InvariantCulture, $"""
                    ,
                        CAST((SELECT COUNT(*) FROM customers WHERE calibration_rows = 0 AND calibration_returns > 0) AS {big}) AS {Id("customers_with_only_returns")},
                        CAST((SELECT COALESCE(SUM(calibration_returns), 0) FROM customers WHERE calibration_rows = 0) AS {big}) AS {Id("returns_of_customers_without_purchases")},
                        {D.UnitsToDouble("(SELECT COALESCE(SUM(calibration_returns_amount), 0) FROM customers WHERE calibration_rows = 0)")} AS {Id("returns_value_of_customers_without_purchases")},
                        CAST({holdoutReturns} AS {big}) AS {Id("holdout_return_transactions")}
                    """);
            }
        }

        public void Transactions(StringBuilder sb) => TransactionsTable(sb);

        private void TransactionsTable(StringBuilder sb)
        {
            string ts = $"CAST({D.Identifier(_source.TimestampColumn)} AS TIMESTAMP)";
            bool hasMargin = _source.MarginColumn is not null;
            string margin = _source.MarginColumn is { } m ? $"CAST({D.Identifier(m)} AS {D.DoubleType})" : $"CAST(0 AS {D.DoubleType})";
            string customer = _source.CustomerKeyAsText ? $"CAST({D.Identifier(_source.CustomerColumn)} AS {D.TextType})" : D.Identifier(_source.CustomerColumn);
            string marginUnits = hasMargin ? Units("margin") : $"CAST(0 AS {D.UnitsType})";
            string marginSplit = hasMargin ? $"""
                ,
                            CAST(margin AS {D.BigintType}) AS margin_whole,
                            (margin - CAST(margin AS {D.BigintType})) * 4294967296 AS margin_fraction
                """ : string.Empty;
            sb.Append(CultureInfo.InvariantCulture, $"""
                transactions AS (
                    -- amount_units, margin_units: the amount and margin as exact whole numbers of 2^-64 currency units (a whole
                    -- number near the value, then the rest in two 32-bit digits, the last rounded half to even), so every sum
                    -- below is exact, whatever the order of the rows, and is rounded to a double once
                    SELECT
                        customer_key,
                        ts,
                        day,
                        amount,
                        margin,
                        {Units("amount")} AS amount_units,
                        {marginUnits} AS margin_units
                    FROM (
                        SELECT
                            customer_key,
                            ts,
                            day,
                            amount,
                            margin,
                            CAST(amount AS {D.BigintType}) AS amount_whole,
                            (amount - CAST(amount AS {D.BigintType})) * 4294967296 AS amount_fraction{marginSplit}
                        FROM (
                            SELECT
                                {customer} AS customer_key,
                                {ts} AS ts,
                                {Dialect.DayOf(ts)} AS day,
                                CAST({D.Identifier(_source.AmountColumn)} AS {D.DoubleType}) AS amount,
                                {margin} AS margin
                            FROM {_source.FromItem(D)}
                        ) AS typed
                    ) AS split
                )
                """);
        }

        /// <summary>
        /// The exact units of a value split into <c>{name}_whole</c> (a whole number within 1 of it; the difference is
        /// exact) and <c>{name}_fraction</c> (that difference times 2^32, exact): whole * 2^64 + the fraction's whole
        /// part * 2^32 + the rest times 2^32 rounded half to even (a whole number unless the value is below 2^-12).
        /// </summary>
        private string Units(string name)
        {
            string u = D.UnitsType;
            string big = D.BigintType;
            string fraction = name + "_fraction";
            return $"CAST({name}_whole AS {u}) * CAST(18446744073709551616 AS {u})\n" +
                $"            + CAST(CAST({fraction} AS {big}) AS {u}) * 4294967296\n" +
                $"            + CAST(CAST({D.RoundHalfEven($"({fraction} - CAST({fraction} AS {big})) * 4294967296")} AS {big}) AS {u})";
        }

        private string Id(string name) => D.Identifier(name);
    }
}
