using CustomerScoring.Transactions;

namespace CustomerScoring.Csv;

/// <content>The reading thread's side of parallel reading: the workers' results put together in file order.</content>
public sealed partial class TransactionCsvReader
{
    /// <summary>The number of parallel workers that parsed records (0: read on the calling thread); for tests.</summary>
    internal int WorkersUsed { get; private set; }

    /// <summary>Takes the workers' results until the chunk is full or the input ends.</summary>
    private TransactionBatch? NextBatchParallel()
    {
        ParallelImport parallel = _parallel!;
        while (!_finished && !_chunks.IsFull)
        {
            if (!parallel.MoveNext(out ParsedRecord record))
            {
                WorkersUsed = parallel.WorkerCount;
                TakeMalformed(parallel, long.MaxValue);
                _finished = true;
                CheckRejectedShare();
                break;
            }

            TakeMalformed(parallel, record.Line);
            Consume(parallel, in record);
        }

        return _chunks.Take();
    }

    /// <summary>Reports the malformed records (which CsvHelper skipped) that start before <paramref name="line"/>.</summary>
    private void TakeMalformed(ParallelImport parallel, long line)
    {
        while (parallel.TryTakeMalformed(line, out CsvRejection rejection))
        {
            _linesRead++;
            Rejected(CsvRejectionReason.MalformedQuoting, rejection, null);
        }
    }

    /// <summary>What <see cref="ProcessRecord"/> does after the checks of the record alone, which the worker made.</summary>
    private void Consume(ParallelImport parallel, in ParsedRecord record)
    {
        _linesRead++;
        if (record.Kind != ParsedKind.Used)
        {
            if (record.Kind == ParsedKind.Blank)
            {
                _blankLines++;
            }
            else
            {
                Rejected((CsvRejectionReason)record.Customer, record.Extra as CsvRejection, double.IsNaN(record.Amount) ? null : record.Amount);
            }

            return;
        }

        var large = record.Extra as LargeAmounts;
        byte[]? keyChunk = large is null ? record.Extra as byte[] : large.KeyChunk;

        double amount = record.Amount, margin = record.Margin;
        double absoluteTotal = _absoluteTotal + Math.Abs(amount), absoluteMarginTotal = _absoluteMarginTotal + Math.Abs(margin);
        if (!double.IsFinite(absoluteTotal) || !double.IsFinite(absoluteMarginTotal))
        {
            bool amountBad = !double.IsFinite(absoluteTotal);
            if (large is null)
            {
                // The totals came within 2^960 of overflowing through larger amounts, and the worker parsed this line
                // before that, without keeping its text for the rejection the sequential reader would make.
                throw new CsvImportException(
                    $"Line {record.Line:N0}: the total of the {(amountBad ? "amounts" : "margins")} read so far would overflow a double (more than 1.8e308). Read this file with MaxDegreeOfParallelism = 1 for the line-by-line report.",
                    record.Line, null, _header);
            }

            if (keyChunk is not null)
            {
                parallel.KeepKey(in record, keyChunk);
            }

            Rejected(amountBad ? CsvRejectionReason.NonFiniteAmount : CsvRejectionReason.NonFiniteMargin,
                amountBad ? large.AmountOverflow : large.MarginOverflow, large.RejectedAmount);
            return;
        }

        if (large?.InvalidId is { } invalidId)
        {
            Rejected(CsvRejectionReason.InvalidCustomerId, invalidId, large.RejectedAmount);
            return;
        }

        int customer = parallel.PublicIndex(in record, keyChunk, _customers);
        _amountUsed += amount;
        _absoluteTotal = absoluteTotal;
        _absoluteMarginTotal = absoluteMarginTotal;
        _transactions++;
        _chunks.Append(customer, record.Timestamp, amount, margin);
    }
}
