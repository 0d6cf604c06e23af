using MathNet.Numerics.Distributions;

namespace CustomerScoring.Tests.Clv;

/// <summary>
/// Simulators of the generative processes, written from the model definitions (not from our likelihoods).
/// Observation lengths T are uniform on [minT, maxT] (continuous time, so t_x is exact).
/// </summary>
internal static class ClvSimulator
{
    internal sealed record Customers(double[] X, double[] Tx, double[] T);

    /// <summary>BG/NBD: λ ~ Gamma(r, rate α), p ~ Beta(a, b); after each repeat purchase the customer leaves with probability p.
    /// MBG/NBD (<paramref name="modified"/>): the customer may also leave at time 0, right after the first purchase.</summary>
    public static Customers BetaGeometric(bool modified, double r, double alpha, double a, double b, int n, int seed, double minT = 20, double maxT = 60)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var tx = new double[n];
        var ts = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = minT + ((maxT - minT) * rng.NextDouble());
            double lambda = Gamma.Sample(rng, r, alpha);
            double p = Beta.Sample(rng, a, b);
            double now = 0, last = 0;
            int count = 0;
            bool alive = !(modified && rng.NextDouble() < p);
            while (alive)
            {
                now += Exponential.Sample(rng, lambda);
                if (now > t)
                {
                    break;
                }

                count++;
                last = now;
                alive = rng.NextDouble() >= p;
            }

            x[i] = count;
            tx[i] = last;
            ts[i] = t;
        }

        return new Customers(x, tx, ts);
    }

    /// <summary>Pareto/NBD: λ ~ Gamma(r, rate α), μ ~ Gamma(s, rate β), lifetime ~ Exponential(μ), purchases Poisson(λ) while alive.</summary>
    public static Customers ParetoNbd(double r, double alpha, double s, double beta, int n, int seed, double minT = 20, double maxT = 60)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var tx = new double[n];
        var ts = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = minT + ((maxT - minT) * rng.NextDouble());
            double lambda = Gamma.Sample(rng, r, alpha);
            double mu = Gamma.Sample(rng, s, beta);
            double end = Math.Min(t, Exponential.Sample(rng, mu));
            double now = 0, last = 0;
            int count = 0;
            while (true)
            {
                now += Exponential.Sample(rng, lambda);
                if (now > end)
                {
                    break;
                }

                count++;
                last = now;
            }

            x[i] = count;
            tx[i] = last;
            ts[i] = t;
        }

        return new Customers(x, tx, ts);
    }

    /// <summary>Gamma-Gamma: ν ~ Gamma(q, rate γ); each of x transactions ~ Gamma(p, rate ν); returns x ≥ 1 and the mean spend m.</summary>
    public static (double[] X, double[] M) GammaGamma(double p, double q, double gamma, int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        var m = new double[n];
        for (int i = 0; i < n; i++)
        {
            int count = 1 + Poisson.Sample(rng, 3.0);
            double nu = Gamma.Sample(rng, q, gamma);
            double sum = 0;
            for (int k = 0; k < count; k++)
            {
                sum += Gamma.Sample(rng, p, nu);
            }

            x[i] = count;
            m[i] = sum / count;
        }

        return (x, m);
    }
}
