import type { ServerSettings } from '../settings/server-settings';

/**
 * The outgoing settings as code for the three libraries scripts use most. Literal code, never
 * translated; the password comes from the environment, never from the snippet.
 */
export function smtpSnippets(server: Pick<ServerSettings, 'host' | 'port' | 'security'>, user: string): { library: string; code: string }[] {
  return [
    { library: 'nodemailer', code: nodemailer(server, user) },
    { library: 'PHPMailer', code: phpMailer(server, user) },
    { library: 'Python smtplib', code: smtplib(server, user) },
  ];
}

function quoted(value: string): string {
  return JSON.stringify(value);
}

function nodemailer({ host, port, security }: Pick<ServerSettings, 'host' | 'port' | 'security'>, user: string): string {
  const tls = security === 'tls' ? '  secure: true,' : security === 'starttls' ? '  secure: false,\n  requireTLS: true,' : '  secure: false,';
  return [`const transporter = nodemailer.createTransport({`, `  host: ${quoted(host)},`, `  port: ${port},`, tls, `  auth: { user: ${quoted(user)}, pass: process.env.SMTP_PASSWORD },`, `});`].join('\n');
}

function phpMailer({ host, port, security }: Pick<ServerSettings, 'host' | 'port' | 'security'>, user: string): string {
  const secure =
    security === 'tls' ? '$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS;' : security === 'starttls' ? '$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;' : "$mail->SMTPSecure = '';\n$mail->SMTPAutoTLS = false;";
  return ['$mail->isSMTP();', `$mail->Host = '${host}';`, `$mail->Port = ${port};`, secure, '$mail->SMTPAuth = true;', `$mail->Username = '${user.replace(/'/gu, "\\'")}';`, "$mail->Password = getenv('SMTP_PASSWORD');"].join('\n');
}

function smtplib({ host, port, security }: Pick<ServerSettings, 'host' | 'port' | 'security'>, user: string): string {
  const open =
    security === 'tls'
      ? [`with smtplib.SMTP_SSL(${quoted(host)}, ${port}, context=ssl.create_default_context()) as smtp:`]
      : security === 'starttls'
        ? [`with smtplib.SMTP(${quoted(host)}, ${port}) as smtp:`, '    smtp.starttls(context=ssl.create_default_context())']
        : [`with smtplib.SMTP(${quoted(host)}, ${port}) as smtp:`];
  return ['import os, smtplib, ssl', '', ...open, `    smtp.login(${quoted(user)}, os.environ["SMTP_PASSWORD"])`, '    smtp.send_message(message)'].join('\n');
}
