function __unspin_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __unspin_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __unspin_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __unspin_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __unspin_parse_tokens -S
    set -l unparsed_tokens (__unspin_tokens -pc)
    switch $unparsed_tokens[1]
    case 'unspin'
        __unspin_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'fix'
            __unspin_parse_subcommand 1 'jsonl=' 'threshold=' 'dictionary=+' 'only=+' 'exclude=+' 'enable=+' 'include-quoted' 'config=' 'no-config' 'no-ignore' 'color=' 'q/quiet' 'encoding=' 'j/jobs=' 'version' 'h/help'
        case 'rewrite'
            __unspin_parse_subcommand -r 1 'o/output=' 'dry-run' 'include-invalid' 'threshold=' 'dictionary=+' 'only=+' 'exclude=+' 'enable=+' 'include-quoted' 'config=' 'no-config' 'no-ignore' 'color=' 'q/quiet' 'encoding=' 'j/jobs=' 'version' 'h/help'
        case 'diff'
            __unspin_parse_subcommand -r 1 'format=' 'threshold=' 'dictionary=+' 'only=+' 'exclude=+' 'enable=+' 'include-quoted' 'config=' 'no-config' 'no-ignore' 'color=' 'q/quiet' 'encoding=' 'j/jobs=' 'version' 'h/help'
        case 'check'
            __unspin_parse_subcommand -r 1 'format=' 'jsonl=' 'threshold=' 'dictionary=+' 'only=+' 'exclude=+' 'enable=+' 'include-quoted' 'config=' 'no-config' 'no-ignore' 'color=' 'q/quiet' 'encoding=' 'j/jobs=' 'version' 'h/help'
        case 'explain'
            __unspin_parse_subcommand 1 'in=' 'limit=' 'features=' 'collocation-features=' 'all-pairs' 'threshold=' 'dictionary=+' 'only=+' 'exclude=+' 'enable=+' 'include-quoted' 'config=' 'no-config' 'no-ignore' 'version' 'h/help'
        case 'dictionaries'
            __unspin_parse_subcommand 0 'version' 'h/help'
        case 'help'
            __unspin_parse_subcommand -r 1 'version'
        end
    end
end

function __unspin_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __unspin_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __unspin_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __unspin_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__unspin_tokens -p)
    if test -z "$(__unspin_tokens -t)"
        set -l index (count (__unspin_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'unspin' -f
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin" version' -l 'version' -d 'Show the version.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_positional "unspin" -eq 1' -fa 'fix' -d 'Write the corrected text of a file (or standard input) to standard output.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_positional "unspin" -eq 1' -fa 'rewrite' -d 'Correct files in place, recursing into directories.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_positional "unspin" -eq 1' -fa 'diff' -d 'Show the proposed corrections as a unified diff.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_positional "unspin" -eq 1' -fa 'check' -d 'Report suspected spinner substitutions.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_positional "unspin" -eq 1' -fa 'explain' -d 'Show the candidates the context model weighs for a word or phrase, and why one wins.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_positional "unspin" -eq 1' -fa 'dictionaries' -d 'List the built-in dictionaries, the context model, the collocation rule and the spintax detector, with their size, source and licence.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_positional "unspin" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" jsonl' -l 'jsonl' -d 'Corpus mode: read one JSON object per line and correct its string FIELD.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" threshold' -l 'threshold' -d 'Minimum confidence (0-1) to apply or report a finding (default 0.6).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix"' -l 'dictionary' -d 'Also use this dictionary file (repeatable); it takes priority over the built-ins.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix"' -l 'only' -d 'Use only these built-in dictionaries (repeatable or comma-separated; see `unspin dictionaries`).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix"' -l 'exclude' -d 'Do not use these built-in dictionaries (repeatable or comma-separated).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix"' -l 'enable' -d 'Run these rules in every document: collocation runs by default only in documents with tortured phrases (repeatable or comma-separated; --exclude wins).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" include-quoted' -l 'include-quoted' -d 'Also correct text inside quotation marks and phrases emphasised on their own (skipped by default: spinners leave quotes alone, and a phrase set apart is mentioned).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" config' -l 'config' -d 'Read settings from this file instead of the nearest .unspin.toml or unspin.toml.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" no-config' -l 'no-config' -d 'Ignore configuration files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" no-ignore' -l 'no-ignore' -d 'Walk directories without honouring .gitignore and .ignore files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" color' -l 'color' -d 'Colour the output: auto (only on a terminal, and not when NO_COLOR is set), always or never.' -rfka 'auto always never'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" q quiet' -l 'quiet' -s 'q' -d 'Print only errors and warnings on standard error (no skips, progress or summaries).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" encoding' -l 'encoding' -d 'Read (and write back) text in this ICU charset, e.g. ISO-8859-1 or windows-1252. Without it, UTF-8 is assumed and UTF-16/UTF-32 are recognised by their byte-order mark.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" j jobs' -s 'j' -l 'jobs' -d 'Process up to N files, chunks of a large input, or corpus-mode lines at once (default: the number of cores; 1: one after another). Output is the same either way.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" version' -l 'version' -d 'Show the version.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin fix" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" o output' -l 'output' -s 'o' -d 'Write corrected copies under this directory instead.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" dry-run' -l 'dry-run' -d 'Report what would change; write nothing.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" include-invalid' -l 'include-invalid' -d 'Also correct files that are not valid UTF-8; their invalid bytes are kept as they are.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" threshold' -l 'threshold' -d 'Minimum confidence (0-1) to apply or report a finding (default 0.6).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite"' -l 'dictionary' -d 'Also use this dictionary file (repeatable); it takes priority over the built-ins.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite"' -l 'only' -d 'Use only these built-in dictionaries (repeatable or comma-separated; see `unspin dictionaries`).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite"' -l 'exclude' -d 'Do not use these built-in dictionaries (repeatable or comma-separated).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite"' -l 'enable' -d 'Run these rules in every document: collocation runs by default only in documents with tortured phrases (repeatable or comma-separated; --exclude wins).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" include-quoted' -l 'include-quoted' -d 'Also correct text inside quotation marks and phrases emphasised on their own (skipped by default: spinners leave quotes alone, and a phrase set apart is mentioned).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" config' -l 'config' -d 'Read settings from this file instead of the nearest .unspin.toml or unspin.toml.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" no-config' -l 'no-config' -d 'Ignore configuration files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" no-ignore' -l 'no-ignore' -d 'Walk directories without honouring .gitignore and .ignore files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" color' -l 'color' -d 'Colour the output: auto (only on a terminal, and not when NO_COLOR is set), always or never.' -rfka 'auto always never'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" q quiet' -l 'quiet' -s 'q' -d 'Print only errors and warnings on standard error (no skips, progress or summaries).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" encoding' -l 'encoding' -d 'Read (and write back) text in this ICU charset, e.g. ISO-8859-1 or windows-1252. Without it, UTF-8 is assumed and UTF-16/UTF-32 are recognised by their byte-order mark.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" j jobs' -s 'j' -l 'jobs' -d 'Process up to N files, chunks of a large input, or corpus-mode lines at once (default: the number of cores; 1: one after another). Output is the same either way.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" version' -l 'version' -d 'Show the version.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin rewrite" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" format' -l 'format' -d 'unified: a patch; html: a self-contained side-by-side page with every substitution highlighted.' -rfka 'unified html'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" threshold' -l 'threshold' -d 'Minimum confidence (0-1) to apply or report a finding (default 0.6).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff"' -l 'dictionary' -d 'Also use this dictionary file (repeatable); it takes priority over the built-ins.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff"' -l 'only' -d 'Use only these built-in dictionaries (repeatable or comma-separated; see `unspin dictionaries`).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff"' -l 'exclude' -d 'Do not use these built-in dictionaries (repeatable or comma-separated).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff"' -l 'enable' -d 'Run these rules in every document: collocation runs by default only in documents with tortured phrases (repeatable or comma-separated; --exclude wins).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" include-quoted' -l 'include-quoted' -d 'Also correct text inside quotation marks and phrases emphasised on their own (skipped by default: spinners leave quotes alone, and a phrase set apart is mentioned).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" config' -l 'config' -d 'Read settings from this file instead of the nearest .unspin.toml or unspin.toml.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" no-config' -l 'no-config' -d 'Ignore configuration files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" no-ignore' -l 'no-ignore' -d 'Walk directories without honouring .gitignore and .ignore files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" color' -l 'color' -d 'Colour the output: auto (only on a terminal, and not when NO_COLOR is set), always or never.' -rfka 'auto always never'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" q quiet' -l 'quiet' -s 'q' -d 'Print only errors and warnings on standard error (no skips, progress or summaries).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" encoding' -l 'encoding' -d 'Read (and write back) text in this ICU charset, e.g. ISO-8859-1 or windows-1252. Without it, UTF-8 is assumed and UTF-16/UTF-32 are recognised by their byte-order mark.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" j jobs' -s 'j' -l 'jobs' -d 'Process up to N files, chunks of a large input, or corpus-mode lines at once (default: the number of cores; 1: one after another). Output is the same either way.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" version' -l 'version' -d 'Show the version.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin diff" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" format' -l 'format' -d 'Output format.' -rfka 'text json jsonl sarif'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" jsonl' -l 'jsonl' -d 'Corpus mode: read one JSON object per line and add the findings for its string FIELD under "unspin".' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" threshold' -l 'threshold' -d 'Minimum confidence (0-1) to apply or report a finding (default 0.6).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check"' -l 'dictionary' -d 'Also use this dictionary file (repeatable); it takes priority over the built-ins.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check"' -l 'only' -d 'Use only these built-in dictionaries (repeatable or comma-separated; see `unspin dictionaries`).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check"' -l 'exclude' -d 'Do not use these built-in dictionaries (repeatable or comma-separated).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check"' -l 'enable' -d 'Run these rules in every document: collocation runs by default only in documents with tortured phrases (repeatable or comma-separated; --exclude wins).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" include-quoted' -l 'include-quoted' -d 'Also correct text inside quotation marks and phrases emphasised on their own (skipped by default: spinners leave quotes alone, and a phrase set apart is mentioned).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" config' -l 'config' -d 'Read settings from this file instead of the nearest .unspin.toml or unspin.toml.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" no-config' -l 'no-config' -d 'Ignore configuration files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" no-ignore' -l 'no-ignore' -d 'Walk directories without honouring .gitignore and .ignore files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" color' -l 'color' -d 'Colour the output: auto (only on a terminal, and not when NO_COLOR is set), always or never.' -rfka 'auto always never'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" q quiet' -l 'quiet' -s 'q' -d 'Print only errors and warnings on standard error (no skips, progress or summaries).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" encoding' -l 'encoding' -d 'Read (and write back) text in this ICU charset, e.g. ISO-8859-1 or windows-1252. Without it, UTF-8 is assumed and UTF-16/UTF-32 are recognised by their byte-order mark.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" j jobs' -s 'j' -l 'jobs' -d 'Process up to N files, chunks of a large input, or corpus-mode lines at once (default: the number of cores; 1: one after another). Output is the same either way.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" version' -l 'version' -d 'Show the version.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" in' -l 'in' -d 'The sentence the phrase appears in.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" limit' -l 'limit' -d 'Show at most this many candidates per word.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" features' -l 'features' -d 'Write candidate features for the documents in FILE (\'-\': standard input), one JSON object per line.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" collocation-features' -l 'collocation-features' -d 'Write the collocation rule\'s candidate restorations for the documents in FILE (\'-\': standard input), one JSON object per line.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" all-pairs' -l 'all-pairs' -d 'With --collocation-features: also unseen pairs the rule does not weigh (as its weights were fitted).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" threshold' -l 'threshold' -d 'Minimum confidence (0-1) to apply or report a finding (default 0.6).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain"' -l 'dictionary' -d 'Also use this dictionary file (repeatable); it takes priority over the built-ins.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain"' -l 'only' -d 'Use only these built-in dictionaries (repeatable or comma-separated; see `unspin dictionaries`).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain"' -l 'exclude' -d 'Do not use these built-in dictionaries (repeatable or comma-separated).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain"' -l 'enable' -d 'Run these rules in every document: collocation runs by default only in documents with tortured phrases (repeatable or comma-separated; --exclude wins).' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" include-quoted' -l 'include-quoted' -d 'Also correct text inside quotation marks and phrases emphasised on their own (skipped by default: spinners leave quotes alone, and a phrase set apart is mentioned).'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" config' -l 'config' -d 'Read settings from this file instead of the nearest .unspin.toml or unspin.toml.' -rfka ''
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" no-config' -l 'no-config' -d 'Ignore configuration files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" no-ignore' -l 'no-ignore' -d 'Walk directories without honouring .gitignore and .ignore files.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" version' -l 'version' -d 'Show the version.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin explain" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin dictionaries" version' -l 'version' -d 'Show the version.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin dictionaries" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'unspin' -n '__unspin_should_offer_completions_for_flags_or_options "unspin help" version' -l 'version' -d 'Show the version.'
