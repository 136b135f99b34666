
# Added to picocli's script by `runbook completion`: after -p/--param, the param names of the runbook file on the
# line (`runbook exec rollback.groovy -p <TAB>` offers version=, port=). The hidden command
# `runbook __complete-params FILE` reads them from a small cache kept when the file is compiled (no Groovy start),
# or compiles the file once. Everything else is picocli's completion above.
function _complete_runbook_with_params() {
  local curr_word=${COMP_WORDS[COMP_CWORD]}
  local prev_word=${COMP_WORDS[COMP_CWORD-1]}
  if [[ "${prev_word}" == "-p" || "${prev_word}" == "--param" ]]; then
    local file
    file=$(_runbook_file_on_line)
    file=${file/#\~/$HOME}
    if [[ -n "${file}" && -f "${file}" ]]; then
      local IFS=$'\n'
      local names
      names=$("${COMP_WORDS[0]}" __complete-params "${file}" 2>/dev/null | sed 's/$/=/')
      COMPREPLY=( $(compgen -W "${names}" -- "${curr_word}") )
      type compopt &>/dev/null && compopt -o nospace
      return 0
    fi
  fi
  _complete_runbook "$@"
}

# The FILE of `runbook SUBCOMMAND ... FILE ...` for a subcommand that takes -p: the first word after the subcommand
# that is neither an option nor an option's value (bash splits --opt=value and NAME=VALUE at the '=').
function _runbook_file_on_line() {
  local i word sub="" arg_opts=""
  for (( i=1; i<COMP_CWORD; i++ )); do
    word=${COMP_WORDS[i]}
    if [[ -z "${sub}" ]]; then
      [[ "${word}" == -* ]] && continue
      sub=${word}
      case ${sub} in
@CASES@
        *) return ;;
      esac
      continue
    fi
    if [[ "${word}" == -* ]]; then
      if [[ "${COMP_WORDS[i+1]}" == "=" ]]; then
        (( i+=2 ))
      elif [[ "${arg_opts}" == *" ${word} "* ]]; then
        (( i++ ))
        [[ "${COMP_WORDS[i+1]}" == "=" ]] && (( i+=2 ))
      fi
      continue
    fi
    echo "${word}"
    return
  done
}
