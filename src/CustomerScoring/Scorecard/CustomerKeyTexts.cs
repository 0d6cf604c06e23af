using CustomerScoring.Summaries;
using CustomerScoring.Transactions;

namespace CustomerScoring.Scorecard;

/// <summary>The customer_id column's texts as UTF-8, for the keys the map holds without their strings.</summary>
internal sealed class CustomerKeyTexts<TKey>(CustomerSummaries summaries, CustomerKeyMap<TKey> customers) : IUtf8Texts
    where TKey : notnull
{
    public int ByteCount(int row) => customers.DeferredByteCount(summaries.CustomerIndex[row]);

    public void Write(int row, Span<byte> to) => customers.WriteDeferred(summaries.CustomerIndex[row], to);
}
