using CustomerScoring.Parquet.Internals;
using CustomerScoring.Transactions;
using Parquet;
using Parquet.Schema;

namespace CustomerScoring.Parquet;

/// <summary>
/// Reads transactions from a Parquet file, one row group at a time, into <see cref="TransactionBatch"/>es keyed by
/// customer id text (the same keys the CSV reader gives for the same ids). Every row is used or counted as rejected
/// in the <see cref="ParquetImportReport"/>; see <see cref="ParquetImportOptions"/> for the columns and type mappings.
/// </summary>
/// <example>
/// <code>
/// ParquetImportResult result = TransactionParquetReader.ReadFile("transactions.parquet",
///     new ParquetImportOptions { CustomerColumn = "CustomerID", OnError = ParquetErrorHandling.Skip });
/// Console.WriteLine(result.Report);
/// CustomerSummaries s = Summarizer.Summarize(result.Transactions, new SummaryOptions(new DateOnly(2026, 3, 31)));
/// </code>
/// </example>
/// <remarks>
/// <para>Each row group becomes one batch of its used rows (a row group with none gives no batch), so memory while
/// reading is the batches (20 bytes per transaction, 28 with margins), the key map and one row group's column
/// buffers, which are reused. Parquet.Net reads a column chunk as a whole; files written with very large row groups
/// take more memory while reading.</para>
/// <para>Rows are checked for their first problem in the order customer, timestamp, amount, margin; a customer is
/// added to the key map only by a row that is used. Ids are keyed without allocating per row: a string (or the
/// decimal text of an integer id) is made once per new customer.</para>
/// <para>The static methods are thread-safe: each call has its own state.</para>
/// </remarks>
public static class TransactionParquetReader
{
    /// <summary>Reads a Parquet file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The columns and error handling; the defaults when null.</param>
    /// <param name="customers">An existing key map to extend (to share customer indices with other sources); a new map when null.</param>
    /// <param name="cancellationToken">Checked between row groups.</param>
    /// <exception cref="ParquetImportException">A column is missing or of a type that cannot be mapped, or a row is bad and
    /// <see cref="ParquetImportOptions.OnError"/> is <see cref="ParquetErrorHandling.Fail"/>.</exception>
    public static ParquetImportResult ReadFile(string path, ParquetImportOptions? options = null, CustomerKeyMap<string>? customers = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        return Read(stream, options, customers, cancellationToken);
    }

    /// <summary>Reads Parquet data from a seekable stream, which stays open. See <see cref="ReadFile"/>.</summary>
    public static ParquetImportResult Read(Stream stream, ParquetImportOptions? options = null, CustomerKeyMap<string>? customers = null, CancellationToken cancellationToken = default) =>
        ReadAsync(stream, options, customers, cancellationToken).AsTask().GetAwaiter().GetResult();

    /// <summary>Reads Parquet data from a seekable stream asynchronously, which stays open. See <see cref="ReadFile"/>.</summary>
    public static async ValueTask<ParquetImportResult> ReadAsync(Stream stream, ParquetImportOptions? options = null, CustomerKeyMap<string>? customers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new ParquetImportOptions();
        customers ??= new CustomerKeyMap<string>(StringComparer.Ordinal);
        var batches = new List<TransactionBatch>();
        ParquetImportReport report = await ReadRowGroupsAsync(stream, options, customers, new ListSink(batches), cancellationToken).ConfigureAwait(false);
        return new ParquetImportResult(new CustomerTransactions<string>(batches, customers), report);
    }

    /// <summary>
    /// Reads every row group in file order into a batch of its used rows and hands each to <paramref name="sink"/>, which
    /// also gives the arrays a batch is read into (so that a sink that does not keep batches can reuse them).
    /// </summary>
    /// <returns>The report (its customer count is the map's after the last row group).</returns>
    internal static async ValueTask<ParquetImportReport> ReadRowGroupsAsync(Stream stream, ParquetImportOptions options, CustomerKeyMap<string> customers, RowGroupSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options.Validate();

        ParquetReader reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            DataField[] fields = reader.Schema.GetDataFields();
            IdColumn id = IdColumn.Create(ParquetColumn.Find(fields, options.CustomerColumn, nameof(options.CustomerColumn)));
            TimeColumn time = TimeColumn.Create(ParquetColumn.Find(fields, options.TimestampColumn, nameof(options.TimestampColumn)));
            NumberColumn amount = NumberColumn.Create(ParquetColumn.Find(fields, options.AmountColumn, nameof(options.AmountColumn)), margin: false);
            NumberColumn? margin = options.MarginColumn is { } m
                ? NumberColumn.Create(ParquetColumn.Find(fields, m, nameof(options.MarginColumn)), margin: true)
                : null;
            ParquetColumn[] roles = margin is null ? [id, time, amount] : [id, time, amount, margin];

            var log = new Rejections(options);
            var issues = new RowIssues();
            long rowsRead = 0;
            long used = 0;
            for (int g = 0; g < reader.RowGroupCount && sink.WantsMore; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using ParquetRowGroupReader rowGroup = reader.OpenRowGroupReader(g);
                int rows = checked((int)rowGroup.RowCount);
                foreach (ParquetColumn column in roles)
                {
                    await column.ReadAsync(rowGroup, rows, cancellationToken).ConfigureAwait(false);
                }

                RowGroupArrays arrays = sink.Rent(rows, margin is not null);
                int[] index = arrays.Index;
                DateTime[] timestamps = arrays.Timestamps;
                double[] amounts = arrays.Amounts;
                double[]? margins = arrays.Margins;
                issues.Reset(rows);
                id.Check(rows, issues);
                time.Decode(rows, issues, timestamps);
                amount.Decode(rows, issues, amounts);
                margin?.Decode(rows, issues, margins);
                id.Map(rows, issues, customers, index);

                int kept = rows;
                if (issues.Any)
                {
                    kept = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        if (issues.Has(i))
                        {
                            (ParquetRejectionReason reason, int position) = issues.Get(i);
                            log.Add(rowsRead + i + 1, g, roles[position], i, reason);
                            continue;
                        }

                        index[kept] = index[i];
                        timestamps[kept] = timestamps[i];
                        amounts[kept] = amounts[i];
                        if (margins is not null)
                        {
                            margins[kept] = margins[i];
                        }

                        kept++;
                    }
                }

                if (kept > 0)
                {
                    sink.Take(
                        new TransactionBatch(
                            index.AsMemory(0, kept), timestamps.AsMemory(0, kept), amounts.AsMemory(0, kept),
                            margins is null ? default(ReadOnlyMemory<double>?) : margins.AsMemory(0, kept)),
                        arrays,
                        customers.Count);
                }
                else
                {
                    sink.Unused(arrays);
                }

                rowsRead += rows;
                used += kept;
            }

            return new ParquetImportReport(reader.RowGroupCount, rowsRead, used, log.Counts, log.Details, customers.Count);
        }
    }

    /// <summary>A whole read: every batch kept, each in arrays of its own.</summary>
    private sealed class ListSink(List<TransactionBatch> batches) : RowGroupSink
    {
        public override void Take(TransactionBatch batch, RowGroupArrays arrays, int customerCount) => batches.Add(batch);
    }

    /// <summary>Counts rejected rows by reason and keeps the first in detail, or throws in fail mode.</summary>
    private sealed class Rejections(ParquetImportOptions options)
    {
        public Dictionary<ParquetRejectionReason, long> Counts { get; } = [];

        public List<ParquetRejection> Details { get; } = [];

        public void Add(long rowNumber, int rowGroup, ParquetColumn column, int row, ParquetRejectionReason reason)
        {
            bool detail = options.OnError == ParquetErrorHandling.Fail || Details.Count < options.MaxRejectionDetails;
            if (detail)
            {
                string value = column.ValueText(row);
                var rejection = new ParquetRejection(rowNumber, rowGroup, column.Name, reason, value, Describe(column.Name, reason, value));
                if (options.OnError == ParquetErrorHandling.Fail)
                {
                    throw new ParquetImportException(rejection);
                }

                Details.Add(rejection);
            }

            Counts[reason] = Counts.GetValueOrDefault(reason) + 1;
        }

        private static string Describe(string column, ParquetRejectionReason reason, string value) => reason switch
        {
            ParquetRejectionReason.NullCustomerId or ParquetRejectionReason.NullTimestamp or ParquetRejectionReason.NullAmount
                or ParquetRejectionReason.NullMargin => $"column '{column}' is null ({reason}).",
            ParquetRejectionReason.BlankCustomerId => $"column '{column}' is blank: '{value}' ({reason}).",
            _ => $"column '{column}' is {value}, not a finite number ({reason}).",
        };
    }
}
