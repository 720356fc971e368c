import { distance } from 'fastest-levenshtein';

/**
 * Words people type for each answer, in all six languages. Every language's words are accepted
 * in every conversation: people switch languages mid-sentence, and "ok" or "no" are universal.
 * These are matched against normalized replies (lower case, NFKC, no trailing punctuation).
 */
export const ANSWER_WORDS = {
  yes: ['yes', 'y', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'correct', 'right', 'ja', 'j', 'jawohl', 'genau', 'richtig', 'sí', 'si', 's', 'claro', 'correcto', 'oui', 'ouais', 'exact', 'sim', 'certo', 'はい', 'ええ', 'うん', 'そうです', '正しい'],
  no: ['no', 'n', 'nope', 'nah', 'nein', 'nö', 'non', 'não', 'nao', 'いいえ', 'いや', 'ううん', '違う', 'ちがう', '違います'],
  cancel: ['cancel', 'stop', 'quit', 'exit', 'abort', 'abbrechen', 'stopp', 'beenden', 'cancelar', 'parar', 'salir', 'detener', 'annuler', 'arrêter', 'arreter', 'quitter', 'sair', 'キャンセル', '中止', 'やめる', 'やめて', '終了'],
  help: ['help', '?', 'hilfe', 'ayuda', 'aide', 'ajuda', 'ヘルプ', '助けて'],
  dontKnow: ["don't know", 'dont know', 'do not know', 'not sure', 'unsure', 'no idea', 'dunno', 'idk', "i don't know", 'i dont know', 'weiß nicht', 'weiss nicht', 'keine ahnung', 'ich weiß nicht', 'ich weiss nicht', 'nicht sicher', 'no sé', 'no se', 'no lo sé', 'ni idea', 'je ne sais pas', 'sais pas', 'je sais pas', 'aucune idée', 'não sei', 'nao sei', 'sei lá', 'わからない', 'わかりません', '分からない', '分かりません', '不明'],
  expected: ['these', 'the same', 'same', 'expected', 'suggested', 'diese', 'dieselben', 'estos', 'esas', 'esos', 'ces', 'ceux-ci', 'estes', 'essas', 'esses', 'それ', 'これ', '同じ'],
  own: ['mine', 'my own', 'own', 'enter', 'other', 'different', 'meine', 'eigene', 'andere', 'los míos', 'míos', 'mios', 'otros', 'distintos', 'les miens', 'miens', 'autres', 'os meus', 'meus', 'outros', '自分の', '自分で入力', '別の', '違う設定'],
  incoming: ['incoming', 'in', 'receive', 'receiving', 'inbox', 'imap', 'pop', 'pop3', 'eingehend', 'empfangen', 'posteingang', 'entrante', 'recibir', 'recepción', 'entrant', 'réception', 'reception', 'recevoir', 'entrada', 'receber', 'recebimento', '受信'],
  outgoing: ['outgoing', 'out', 'send', 'sending', 'smtp', 'ausgehend', 'senden', 'versenden', 'postausgang', 'saliente', 'enviar', 'envío', 'envio', 'sortant', 'envoi', 'envoyer', 'saída', 'saida', '送信'],
  both: ['both', 'all', 'everything', 'beide', 'beides', 'alles', 'ambos', 'ambas', 'todo', 'los dos', 'les deux', 'tous', 'tout', 'todos', 'os dois', '両方', '全部', 'すべて'],
  form: ['form', 'formular', 'formulario', 'formulaire', 'formulário', 'フォーム'],
  login: ['login', 'log in', 'test login', 'password', 'anmeldung', 'anmelden', 'passwort', 'inicio de sesión', 'contraseña', 'connexion', 'mot de passe', 'senha', 'ログイン', 'パスワード'],
  oauth: ['oauth', 'oauth2', 'modern', 'modern sign-in', 'sign in with microsoft', 'sign in with google', 'microsoft', 'google', 'moderne anmeldung', 'mit microsoft anmelden', 'mit google anmelden', 'moderno', 'inicio de sesión moderno', 'iniciar sesión con microsoft', 'moderne', 'connexion moderne', 'se connecter avec microsoft', 'moderna', 'entrar com microsoft', 'entrar com google', 'モダン認証', 'microsoftでサインイン', 'googleでサインイン'],
  skip: ['skip', 'without', 'no login', 'überspringen', 'ohne', 'omitir', 'saltar', 'sin', 'passer', 'sans', 'pular', 'sem', 'スキップ', 'なし'],
  again: ['again', 'run again', 'retry', 'repeat', 'rerun', 're-run', 'nochmal', 'noch einmal', 'erneut', 'wiederholen', 'otra vez', 'de nuevo', 'repetir', 'reintentar', 'encore', 'relancer', 'recommencer', 'réessayer', 'de novo', 'novamente', 'repetir', 'もう一度', '再実行', '再試行'],
  another: ['another', 'another account', 'other account', 'new', 'next', 'anderes konto', 'neues konto', 'neu', 'otra cuenta', 'nueva', 'autre compte', 'nouveau', 'outra conta', 'nova', '別のアカウント', '他のアカウント'],
  helpdesk: ['help desk', 'helpdesk', 'send to help desk', 'support', 'ticket', 'it', 'an den helpdesk', 'an den support', 'soporte', 'mesa de ayuda', 'assistance', 'support technique', 'suporte', 'central de ajuda', 'ヘルプデスク', 'サポート'],
  details: ['details', 'show details', 'more', 'checks', 'all checks', 'einzelheiten', 'details anzeigen', 'mehr', 'detalles', 'ver detalles', 'más', 'détails', 'voir les détails', 'plus', 'detalhes', 'mostrar detalhes', 'mais', '詳細', '詳細を表示'],
  done: ['done', 'close check', 'thanks', 'thank you', 'bye', 'finished', 'close', 'fertig', 'danke', 'tschüss', 'listo', 'gracias', 'adiós', 'terminado', 'merci', 'fini', 'terminé', 'au revoir', 'obrigado', 'obrigada', 'pronto', 'tchau', 'ありがとう', '終わり', '完了'],
  windows: ['windows', 'win', 'win10', 'win11', 'pc', 'powershell'],
  macos: ['macos', 'mac', 'osx', 'os x', 'macbook', 'imac', 'apple'],
  linux: ['linux', 'ubuntu', 'debian', 'fedora', 'arch', 'mint', 'unix'],
} as const satisfies Record<string, readonly string[]>;

export type AnswerMeaning = keyof typeof ANSWER_WORDS;

const LOOKUP: ReadonlyMap<AnswerMeaning, ReadonlySet<string>> = new Map(
  (Object.entries(ANSWER_WORDS) as [AnswerMeaning, readonly string[]][]).map(([meaning, words]) => [meaning, new Set(words)]),
);

/** True when the whole normalized reply is one of the meaning's words or phrases. */
export function means(normalized: string, meaning: AnswerMeaning): boolean {
  return LOOKUP.get(meaning)?.has(normalized) ?? false;
}

/** True when the reply starts with the meaning's word ("yes please", "no, mine"). */
export function startsWithMeaning(normalized: string, meaning: AnswerMeaning): boolean {
  const first = normalized.split(/[\s,]+/u)[0] ?? '';
  return first !== normalized && means(first, meaning);
}

/**
 * The reply is a near miss of one of the meaning's words: "recieving", "outgoign", "empfangne",
 * "réceptoin". Only words of five letters or more, one typo (two from nine letters on), a swap of
 * two neighbours counting as one: short words ("in", "no") are too close to each other to guess.
 */
export function nearlyMeans(normalized: string, meaning: AnswerMeaning): boolean {
  const length = [...normalized].length;
  if (length < 5 || /\s/u.test(normalized)) return false;
  const allowed = length >= 9 ? 2 : 1;
  for (const word of LOOKUP.get(meaning) ?? []) {
    if ([...word].length < 5 || Math.abs(word.length - normalized.length) > allowed) continue;
    if (isNeighbourSwap(word, normalized) || distance(word, normalized) <= allowed) return true;
  }
  return false;
}

function isNeighbourSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differ = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  return differ.length === 2 && differ[1] === differ[0]! + 1 && a[differ[0]!] === b[differ[1]!] && a[differ[1]!] === b[differ[0]!];
}
