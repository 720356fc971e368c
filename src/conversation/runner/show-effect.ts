import { buildReportDocument } from '../../report-document/build-report-document';
import type { ReportDocument } from '../../report-document/report-document';
import { renderDetailsText } from '../../report-document/render-text';
import type { Effect, EscalateEffect, ReportDetailsEffect, ReportEffect } from '../effects';
import type { ConversationOutput, MessageBlock, RenderedProgress } from './conversation-output';
import type { EffectContext } from './effect-context';
import type { LoginLinkBridge } from './login-link-bridge';
import { maskStrings, personalDetailsMask } from './personal-details';
import { renderBlocks, renderChoice, renderFinding, renderForm, renderProgress, renderQuestion, renderString } from './render-effects';
import type { RunnerLogger } from './runner-dependencies';

/** The effects that only show something to the people in the conversation. */
export type ShownEffect = Extract<Effect, { type: 'say' | 'ask' | 'open_form' | 'progress' | 'report' | 'report_details' | 'escalate' | 'hide_message' | 'outcome' }>;

export interface ShowEffectServices {
  links: LoginLinkBridge | undefined;
  logger: RunnerLogger;
  /** The last progress each conversation showed, kept to restore it later. */
  progress: Map<string, RenderedProgress>;
  /** The help-desk post went out (or did not): the machine tells the user. */
  escalated: (ok: boolean) => void;
}

/**
 * Renders one shown effect in the conversation's language and hands it to the adapter's output.
 * In a thread others read, the user's address and sign-in name are masked (a***@acme.com).
 */
export async function showEffect(effect: ShownEffect, ctx: EffectContext, output: ConversationOutput, services: ShowEffectServices): Promise<void> {
  const mask = output.seenByOthers ? personalDetailsMask(ctx.state) : undefined;
  const shown = <T>(value: T): T => (mask ? maskStrings(value, mask) : value);
  switch (effect.type) {
    case 'say':
      if (effect.private && output.sayPrivately) return await output.sayPrivately(renderBlocks(ctx.t, effect.text));
      if (effect.transient && output.status) return await output.status(shown(renderBlocks(ctx.t, effect.text)));
      return await output.say(shown(renderBlocks(ctx.t, effect.text)));
    case 'ask':
      return await output.ask(shown(renderQuestion(ctx.t, effect)));
    case 'open_form':
      if (effect.form.id === 'login' && services.links && output.openLoginLink) {
        return await output.openLoginLink(services.links.issue(ctx.key, ctx.id, ctx.state?.email ?? '', ctx.t, ctx.language));
      }
      return await output.openForm(renderForm(ctx.t, effect.form));
    case 'progress': {
      const rendered = shown(renderProgress(ctx.t, effect));
      services.progress.set(ctx.id, rendered);
      return await output.progress(rendered);
    }
    case 'report':
      return await output.report(shown(reportDocument(effect, ctx)), effect.actions.map((a) => renderChoice(ctx.t, a)));
    case 'report_details': {
      // For the user alone: unmasked where the output keeps it private, masked where it cannot.
      const document = reportDocument(effect, ctx);
      if (output.reportDetails) return await output.reportDetails(document);
      const message: MessageBlock[] = [{ kind: 'text', text: renderDetailsText(document) }];
      return output.sayPrivately ? await output.sayPrivately(message) : await output.say(shown(message));
    }
    case 'escalate': {
      const built = reportDocument(effect, ctx);
      // The help desk quotes the id to find the record again (`/mailhelp show R-7F3K`).
      const document = effect.reportId ? { ...built, footer: `${built.footer} · ${ctx.t('watch:history.report_id', { id: effect.reportId })}` } : built;
      const ok = await output.escalate(document, effect.user).then(
        () => true,
        (error: unknown) => {
          services.logger.warn({ conversation: ctx.id, err: error }, 'help-desk post failed');
          return false;
        },
      );
      return services.escalated(ok);
    }
    case 'hide_message':
      return await output.hideMessage(effect.messageId);
    case 'outcome':
      // Masked too: the words are meant to name nobody, the mask makes sure of it.
      return await output.outcome?.(shown(renderString(ctx.t, effect.text)), ctx.state?.user);
  }
}

function reportDocument(effect: ReportEffect | ReportDetailsEffect | EscalateEffect, ctx: EffectContext): ReportDocument {
  const extraFindings = effect.extraFindings.map((f) => renderFinding(ctx.t, f));
  return buildReportDocument(effect.report, ctx.t, { language: ctx.language, extraFindings, ...(effect.app ? { app: effect.app } : {}) });
}
