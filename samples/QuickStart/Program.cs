using CustomerScoring.QuickStart;

// With no arguments: the bundled CDNOW sample. With arguments: a command-line tool for real files (--help).
return QuickStartApp.Run(args, Console.Out, Console.Error);
