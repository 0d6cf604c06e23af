using Parquet;
using Parquet.Schema;

namespace CustomerScoring.Tests.Parquet;

/// <summary>Writes small Parquet files column by column with Parquet.Net, for the reader's tests.</summary>
internal static class ParquetFiles
{
    /// <summary>A column: its field and a writer of rows start .. start + length - 1.</summary>
    internal sealed record Column(DataField Field, Func<ParquetRowGroupWriter, int, int, Task> Write);

    public static Column Of<T>(DataField field, T[] values)
        where T : struct =>
        new(field, (rg, start, length) => rg.WriteAsync<T>(field, values.AsMemory(start, length)));

    public static Column OfNullable<T>(DataField field, T?[] values)
        where T : struct =>
        new(field, (rg, start, length) => rg.WriteAsync<T>(field, new ReadOnlyMemory<T?>(values, start, length)));

    public static Column Strings(string name, string?[] values)
    {
        var field = new DataField(name, typeof(string), isNullable: true);
        return new Column(field, (rg, start, length) => rg.WriteAsync(field, new ArraySegment<string>(values!, start, length)));
    }

    public static MemoryStream Write(int rows, int rowGroupSize, params Column[] columns)
    {
        var stream = new MemoryStream();
        WriteAsync(stream, rows, rowGroupSize, columns).GetAwaiter().GetResult();
        stream.Position = 0;
        return stream;
    }

    private static async Task WriteAsync(Stream stream, int rows, int rowGroupSize, Column[] columns)
    {
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, null, false);
        for (int start = 0; start < rows; start += rowGroupSize)
        {
            int length = Math.Min(rowGroupSize, rows - start);
            using ParquetRowGroupWriter rg = writer.CreateRowGroup();
            foreach (Column column in columns)
            {
                await column.Write(rg, start, length);
            }
        }
    }

    /// <summary>The schema's fields.</summary>
    public static DataField[] Fields(Stream stream)
    {
        stream.Position = 0;
        ParquetReader reader = ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true).GetAwaiter().GetResult();
        try
        {
            return reader.Schema.GetDataFields();
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>A required column over all row groups, and the number of row groups.</summary>
    public static (T[] Values, int RowGroups) ReadColumn<T>(Stream stream, string name)
        where T : struct
    {
        stream.Position = 0;
        ParquetReader reader = ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true).GetAwaiter().GetResult();
        try
        {
            DataField field = reader.Schema.GetDataFields().Single(f => f.Name == name);
            var values = new List<T>();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader rg = reader.OpenRowGroupReader(g);
                var chunk = new T[rg.RowCount];
                rg.ReadAsync<T>(field, chunk.AsMemory()).AsTask().GetAwaiter().GetResult();
                values.AddRange(chunk);
            }

            return ([.. values], reader.RowGroupCount);
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>An optional DOUBLE column over all row groups (nulls as null).</summary>
    public static double?[] ReadOptionalDoubles(Stream stream, string name)
    {
        stream.Position = 0;
        ParquetReader reader = ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true).GetAwaiter().GetResult();
        try
        {
            DataField field = reader.Schema.GetDataFields().Single(f => f.Name == name);
            var values = new List<double?>();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader rg = reader.OpenRowGroupReader(g);
                var chunk = new double?[rg.RowCount];
                rg.ReadAsync<double>(field, chunk.AsMemory()).AsTask().GetAwaiter().GetResult();
                values.AddRange(chunk);
            }

            return [.. values];
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>An optional string column over all row groups.</summary>
    public static string?[] ReadStrings(Stream stream, string name)
    {
        stream.Position = 0;
        ParquetReader reader = ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true).GetAwaiter().GetResult();
        try
        {
            DataField field = reader.Schema.GetDataFields().Single(f => f.Name == name);
            var values = new List<string?>();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader rg = reader.OpenRowGroupReader(g);
                var chunk = new string?[rg.RowCount];
                rg.ReadAsync(field, chunk.AsMemory()).AsTask().GetAwaiter().GetResult();
                values.AddRange(chunk);
            }

            return [.. values];
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
