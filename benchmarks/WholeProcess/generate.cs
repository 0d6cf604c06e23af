// Writes the whole-process benchmark's input (issue 12): a CSV "customer_id,timestamp,amount" as a shop exports it,
// integer customer ids written as text, ISO 8601 timestamps, rows in time order over two years, customers who buy at
// gamma-distributed rates and drop out (see below), amounts with cents. Deterministic for a given seed; the row count
// is about the one asked for (every customer has its first purchase, the repeat purchases are random).
//   dotnet run benchmarks/WholeProcess/generate.cs -c Release -- OUT.csv [rows=1000000] [customers=100000] [seed=12]
#:property PublishAot=false
using System.Globalization;
using System.Text;

if (args.Length < 1) { Console.Error.WriteLine("usage: generate.cs OUT.csv [rows] [customers] [seed]"); return 2; }
string path = args[0];
long rows = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
int customers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
int seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 12;
var rng = new Random(seed);

// Pareto/NBD-like customers over two years: each is acquired at a uniform moment (its first purchase), buys again at a
// gamma-distributed rate (shape 0.6) until it drops out after an exponential lifetime (rate gamma, shape 0.8, mean one
// year); the repeat rates are scaled so that the file holds about the requested rows.
long spanSeconds = 730L * 86_400;
var birth = new long[customers];
var alive = new double[customers];
var rate = new double[customers];
double exposure = 0;
for (int c = 0; c < customers; c++)
{
    birth[c] = (long)(rng.NextDouble() * spanSeconds);
    double lifetime = -Math.Log(1 - rng.NextDouble()) / (Gamma(0.8) / 0.8 / (365.0 * 86_400));
    alive[c] = Math.Min(lifetime, spanSeconds - birth[c]);
    rate[c] = Gamma(0.6);
    exposure += rate[c] * alive[c];
}
double scale = Math.Max(0, rows - customers) / exposure;
var times = new List<long>((int)Math.Min(rows + rows / 10, int.MaxValue));
var who = new List<int>(times.Capacity);
for (int c = 0; c < customers; c++)
{
    times.Add(birth[c]); who.Add(c);
    double lambda = rate[c] * scale;
    if (lambda <= 0) continue;
    for (double t = -Math.Log(1 - rng.NextDouble()) / lambda; t < alive[c]; t += -Math.Log(1 - rng.NextDouble()) / lambda)
    {
        times.Add(birth[c] + (long)t); who.Add(c);
    }
}
long[] order = times.ToArray();
int[] customerOf = who.ToArray();
Array.Sort(order, customerOf);
// Ids are a shuffled range starting at 10000, so file order says nothing about the customer index.
var ids = new int[customers];
for (int c = 0; c < customers; c++) ids[c] = 10_000 + c;
rng.Shuffle(ids);

var start = new DateTime(2024, 1, 1, 0, 0, 0);
using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
var line = new byte[64];
stream.Write("customer_id,timestamp,amount\n"u8);
for (int i = 0; i < order.Length; i++)
{
    DateTime t = start.AddSeconds(order[i]);
    long cents = 100 + (long)(Gamma(2.0) * 2_500);
    int n = 0;
    ids[customerOf[i]].TryFormat(line.AsSpan(n), out int w, default, CultureInfo.InvariantCulture); n += w;
    line[n++] = (byte)',';
    t.TryFormat(line.AsSpan(n), out w, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture); n += w;
    line[n++] = (byte)',';
    (cents / 100).TryFormat(line.AsSpan(n), out w, default, CultureInfo.InvariantCulture); n += w;
    line[n++] = (byte)'.';
    line[n++] = (byte)('0' + cents % 100 / 10);
    line[n++] = (byte)('0' + cents % 10);
    line[n++] = (byte)'\n';
    stream.Write(line, 0, n);
}
rows = order.Length;
Console.WriteLine($"{path}: {rows:N0} rows, {customers:N0} customers (seed {seed})");
return 0;

double Gamma(double k) // Marsaglia-Tsang, scale 1
{
    if (k < 1) return Gamma(k + 1) * Math.Pow(rng.NextDouble(), 1 / k);
    double d = k - 1.0 / 3, cc = 1 / Math.Sqrt(9 * d);
    while (true)
    {
        double z, v;
        do { double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble(); z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2); v = 1 + cc * z; } while (v <= 0);
        v = v * v * v;
        if (Math.Log(rng.NextDouble()) < 0.5 * z * z + d - d * v + d * Math.Log(v)) return d * v;
    }
}
