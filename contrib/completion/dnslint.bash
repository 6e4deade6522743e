# bash completion for dnslint.
#
# Install: copy to /usr/share/bash-completion/completions/dnslint (or
# ~/.local/share/bash-completion/completions/dnslint), or source it from
# ~/.bashrc.  Rule ids come from `dnslint rules` of the program being
# completed.

_dnslint_rules()
{
	"${1:-dnslint}" rules 2>/dev/null | awk '{ print $1 }'
}

_dnslint()
{
	local cur prev cmd i
	local opts="-z --zone-file -s --server --axfr --tsig-file --timeout
	    --retries -c --config -f --format -o --output --cutover --now
	    --fail-on --enable --disable --severity --color --verbose --desired
	    --zone --git-live --staged --interval --version -h --help"
	local commands="check rules explain wait zones"

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	# "=" breaks words: --format=js is "--format" "=" "js", and
	# --severity ns-ttl=w is "--severity" "ns-ttl" "=" "w".
	if [ "$cur" = "=" ]; then
		cur=
		i=$((COMP_CWORD - 1))
	elif [ "$prev" = "=" ]; then
		i=$((COMP_CWORD - 2))
	else
		i=0
	fi
	if [ "$i" -gt 0 ]; then
		if [ "$i" -ge 2 ] && [ "${COMP_WORDS[i-1]}" = --severity ]; then
			COMPREPLY=($(compgen -W "error warning info off" \
			    -- "$cur"))
			return
		fi
		prev=${COMP_WORDS[i]}
	fi

	# The subcommand, if one was given before the current word.
	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		check|rules|explain|wait|zones)
			cmd=${COMP_WORDS[i]}
			break
			;;
		esac
	done

	case $prev in
	-f|--format)
		COMPREPLY=($(compgen -W "text compact markdown json sarif junit" \
		    -- "$cur"))
		return
		;;
	--fail-on)
		COMPREPLY=($(compgen -W "error warning info" -- "$cur"))
		return
		;;
	--color)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return
		;;
	--enable|--disable)
		COMPREPLY=($(compgen -W "$(_dnslint_rules "${COMP_WORDS[0]}")" \
		    -- "$cur"))
		return
		;;
	--severity)
		if [[ $cur == *=* ]]; then
			COMPREPLY=($(compgen -P "${cur%%=*}=" \
			    -W "error warning info off" -- "${cur#*=}"))
		else
			compopt -o nospace 2>/dev/null
			COMPREPLY=($(compgen -S = \
			    -W "$(_dnslint_rules "${COMP_WORDS[0]}")" -- "$cur"))
		fi
		return
		;;
	--git-live)
		# Revisions: HEAD, the branches and tags of the repository.
		COMPREPLY=($(compgen -W "HEAD $(git for-each-ref \
		    --format='%(refname:short)' refs/heads refs/remotes \
		    refs/tags 2>/dev/null)" -- "$cur"))
		return
		;;
	--cutover|--now)
		COMPREPLY=($(compgen -W "now now+1h now+2h now+1d" -- "$cur"))
		return
		;;
	-s|--server|--timeout|--retries|--interval|--zone)
		return
		;;
	-z|--zone-file|-c|--config|-o|--output|--tsig-file)
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		return
		;;
	esac

	if [ "$cmd" = explain ]; then
		COMPREPLY=($(compgen -W "$(_dnslint_rules "${COMP_WORDS[0]}")" \
		    -- "$cur"))
		return
	fi
	if [ "$cmd" = rules ]; then
		return
	fi
	if [ "$cmd" = zones ]; then
		COMPREPLY=($(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
	fi
	# Plans (or zone files with --desired): any file.
	COMPREPLY+=($(compgen -f -- "$cur"))
	compopt -o filenames 2>/dev/null
}

complete -F _dnslint dnslint
