using CustomerScoring.Cli;

// Before any large allocation: the GC heap in 2 MB pages where Linux gives them on request (see HugePageAdvice).
HugePageAdvice.AdviseGcHeap();
return CliApp.Run(args, Console.Out, Console.Error);
