import { Injectable, Logger } from '@nestjs/common';
import type { AuthContext } from '../../common/auth/auth-context';
import { DomainError } from '../../common/errors/domain-error';
import type { ExceptionDto, ExceptionPageDto, ListExceptionsQueryDto } from './exception.dto';
import { EXCEPTIONS_LIMIT_DEFAULT } from './exception.dto';
import {
  ExceptionProblem,
  ExceptionSubject,
  kindOf,
  orderProblems,
  SubjectType,
  subjectKey,
} from './exception-rules';
import {
  ExceptionRow,
  ExceptionsRepository,
  ExceptionWrite,
  OpenedException,
  SettledOrder,
} from './exceptions.repository';
import { AlertsService } from '../alerts/alerts.service';
import type { OmsException } from '../../mappers/oms-order.types';

/** One order of a committed page, as the ingest saw it. */
export interface OrderOutcome {
  mivaOrderId: number;
  mappingError: string | null;
  exceptions: readonly OmsException[];
}

const CURSOR_PAYLOAD = /^(\d{1,20})\.([0-9a-f-]{36})$/;

/**
 * The one list of what needs a person. Producers call `open` where they record a problem and
 * `resolve…` where the subject later succeeds; nothing polls other tables.
 */
@Injectable()
export class ExceptionsService {
  private readonly logger = new Logger(ExceptionsService.name);

  constructor(
    private readonly repository: ExceptionsRepository,
    private readonly alerts: AlertsService,
  ) {}

  /** Opens the problem, or counts it again on the open (or dismissed: reopened) exception. */
  async open(subject: ExceptionSubject, code: string, message: string): Promise<void> {
    this.alertOpened(await this.repository.open([writeOf(subject, { code, message })]));
  }

  /** Opens one problem per subject (all with the same code). */
  async openMany(
    subjects: readonly ExceptionSubject[],
    code: string,
    message: (s: ExceptionSubject) => string,
  ): Promise<void> {
    this.alertOpened(
      await this.repository.open(subjects.map((s) => writeOf(s, { code, message: message(s) }))),
    );
  }

  /** Every open exception of the subject is resolved (optionally only these codes). */
  async resolveSubject(
    subject: ExceptionSubject,
    codes: readonly string[] | null = null,
  ): Promise<void> {
    await this.repository.resolve(subject.storeId, subject.type, [subjectKey(subject)], codes);
  }

  /** Resolves the open exceptions of several subjects of one type (ids, not orders). */
  async resolveSubjects(
    type: Exclude<SubjectType, 'order'>,
    ids: readonly string[],
  ): Promise<void> {
    await this.repository.resolve(null, type, ids);
  }

  /**
   * The problems of a committed page of orders, in one statement: opens the problems and
   * resolves the others of the orders that mapped. Never fails the download that called it.
   */
  async recordOrders(storeId: string, outcomes: readonly OrderOutcome[]): Promise<void> {
    const problems: ExceptionWrite[] = [];
    const settled: SettledOrder[] = [];
    for (const o of outcomes) {
      const result = orderProblems(o.mappingError, o.exceptions);
      const subject: ExceptionSubject = {
        storeId,
        type: 'order',
        id: null,
        mivaOrderId: o.mivaOrderId,
      };
      for (const problem of result.problems) {
        problems.push(writeOf(subject, problem));
      }
      if (result.settled) {
        settled.push({ mivaOrderId: o.mivaOrderId, codes: result.problems.map((p) => p.code) });
      }
    }
    try {
      this.alertOpened(await this.repository.recordOrders(storeId, problems, settled));
    } catch (error) {
      this.logger.error(`store ${storeId}: recording order exceptions failed: ${String(error)}`);
    }
  }

  /** Newly opened exceptions are an alert (exceptions.opened); the alerts never block us. */
  private alertOpened(opened: readonly OpenedException[]): void {
    const byStore = new Map<string, string[]>();
    for (const { storeId, code } of opened) {
      byStore.set(storeId, [...(byStore.get(storeId) ?? []), code]);
    }
    for (const [storeId, codes] of byStore) {
      this.alerts.exceptionsOpened(storeId, codes);
    }
  }

  async list(auth: AuthContext, query: ListExceptionsQueryDto): Promise<ExceptionPageDto> {
    if (query.storeId !== undefined) {
      auth.assertStore(query.storeId);
    }
    const limit = query.limit ?? EXCEPTIONS_LIMIT_DEFAULT;
    const rows = await this.repository.list({
      storeIds: query.storeId !== undefined ? [query.storeId] : auth.isAdmin ? null : auth.storeIds,
      kind: query.kind ?? null,
      code: query.code ?? null,
      status: query.status ?? 'open',
      limit: limit + 1,
      after: query.cursor === undefined ? null : decodeCursor(query.cursor),
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map(toDto),
      nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
    };
  }

  /** The exception, if the caller may see it (404 otherwise). */
  async get(auth: AuthContext, id: string): Promise<ExceptionRow> {
    const row = await this.repository.find(id);
    if (row === null || !auth.canAccessStore(row.storeId)) {
      throw DomainError.notFound('Exception');
    }
    return row;
  }

  /** The exceptions the caller may see among `ids` (unknown ones left out). */
  async getMany(auth: AuthContext, ids: readonly string[]): Promise<ExceptionRow[]> {
    const rows = await this.repository.findMany(ids);
    return rows.filter((r) => auth.canAccessStore(r.storeId));
  }

  async dismiss(auth: AuthContext, id: string): Promise<ExceptionDto> {
    await this.get(auth, id);
    const row = await this.repository.dismiss(id);
    if (row === null) {
      throw DomainError.notFound('Exception');
    }
    return toDto(row);
  }
}

function writeOf(subject: ExceptionSubject, problem: ExceptionProblem): ExceptionWrite {
  return {
    storeId: subject.storeId,
    kind: kindOf(subject.type),
    code: problem.code,
    message: problem.message,
    subjectType: subject.type,
    subjectKey: subjectKey(subject),
    subjectId: subject.id,
    mivaOrderId: subject.mivaOrderId ?? null,
  };
}

export function toDto(row: ExceptionRow): ExceptionDto {
  return {
    id: row.id,
    storeId: row.storeId,
    kind: row.kind,
    code: row.code,
    message: row.message,
    subject: {
      type: row.subjectType,
      id: row.subjectId,
      ...(row.mivaOrderId !== null ? { mivaOrderId: row.mivaOrderId } : {}),
    },
    status: row.status,
    occurrences: row.occurrences,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}

function encodeCursor(row: ExceptionRow): string {
  return Buffer.from(`${row.seenMicros}.${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { seenMicros: string; id: string } {
  const match = /^[A-Za-z0-9_-]{1,200}$/.test(cursor)
    ? CURSOR_PAYLOAD.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
    : null;
  const [, seenMicros, id] = match ?? [];
  if (seenMicros === undefined || id === undefined) {
    throw DomainError.validation([
      { field: 'cursor', message: 'cursor is not a cursor this service issued' },
    ]);
  }
  return { seenMicros, id };
}
