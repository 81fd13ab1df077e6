import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Allow, CurrentUser, type AuthUser } from '@ashar/accounts';
import { APP_CONFIG, type AppConfig } from '@ashar/config';
import { AppError, HTTP_STATUS, type ErrorCode } from '@ashar/errors';
import { isLocale, t, type Locale } from '@ashar/i18n';
import { IdPipe, RequestLocale } from '@ashar/transport';
import type { Request, Response } from 'express';
import type { MaterialFileModel } from './dto/material.models';
import { contentDisposition } from './material-filename';
import { MATERIAL_STORAGE, type ByteRange, type MaterialStorage } from './material-storage';
import { openTemp, receiveUpload } from './material-upload';
import { MaterialsService } from './material.service';

/** The highest file version a download may ask for (`?version=`); no material comes near it. */
const MAX_VERSION = 1_000_000;

/** Parses a single `bytes=` range; `null` when unsatisfiable, undefined when absent or not one range. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return undefined;
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  // A last byte before the first makes the range invalid, which RFC 9110 says to ignore: the whole file.
  if (match[2] && Number(match[2]) < start) return undefined;
  if (start >= size) return null;
  return { start, end: match[2] ? Math.min(Number(match[2]), size - 1) : size - 1 };
}

/** Uploads and downloads of material files; both go through the access guard and the HTTP error filter. */
@Controller('materials')
export class MaterialFilesController {
  constructor(
    private readonly materials: MaterialsService,
    @Inject(MATERIAL_STORAGE) private readonly storage: MaterialStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Allow('USER')
  @Post(':id/files')
  @HttpCode(201)
  async upload(
    @Param('id', IdPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MaterialFileModel> {
    try {
      // Refuse before reading a byte of the body when the material is unknown or not the caller's to edit.
      await this.materials.requireEditable(user, id);
    } catch (error) {
      res.setHeader('connection', 'close');
      throw error;
    }
    const maxBytes = (this.config.maxUploadMb ?? 50) * 1024 * 1024;
    let upload;
    try {
      upload = await receiveUpload(req, join(this.config.dataDir, 'tmp', 'uploads'), maxBytes);
    } catch (error) {
      if (!req.complete) res.setHeader('connection', 'close');
      throw error;
    }
    const key = `materials/${id}/${randomUUID()}`;
    try {
      await this.storage.put(key, openTemp(upload), upload.size);
      return await this.materials.addFile(user, id, {
        locale: upload.locale,
        storageKey: key,
        filename: upload.filename,
        contentType: upload.contentType,
        size: upload.size,
        sha256: upload.sha256,
      });
    } catch (error) {
      await this.storage.delete(key).catch(() => undefined);
      throw error;
    } finally {
      await rm(upload.tempPath, { force: true });
    }
  }

  @Allow('GUEST')
  @Get(':id/files/:locale')
  async download(
    @Param('id', IdPipe) id: string,
    @Param('locale') fileLocale: string,
    @Query('version') versionParam: string | undefined,
    @CurrentUser() user: AuthUser | undefined,
    @RequestLocale() locale: Locale,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!isLocale(fileLocale)) throw AppError.badInput([{ path: 'locale', code: 'isLocale' }]);
    let version: number | undefined;
    if (versionParam !== undefined) {
      // Digits only: Number() would also read "0x2", "1e0" or " 2 " as a version.
      version = /^\d+$/.test(versionParam) ? Number(versionParam) : NaN;
      if (!Number.isInteger(version)) throw AppError.badInput([{ path: 'version', code: 'isInt' }]);
      if (version < 1) throw AppError.badInput([{ path: 'version', code: 'min', params: { min: 1 } }]);
      if (version > MAX_VERSION)
        throw AppError.badInput([{ path: 'version', code: 'max', params: { max: MAX_VERSION } }]);
    }
    await this.materials.requireVisible(user, id);
    const file = await this.materials.fileFor(id, fileLocale, version);
    const etag = `"${file.sha256}"`;
    res.setHeader('etag', etag);
    res.setHeader('accept-ranges', 'bytes');
    res.setHeader('cache-control', 'private, no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('content-disposition', contentDisposition(file.filename));
    if (matchesTag(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    const ifRange = req.headers['if-range'];
    const range = !ifRange || ifRange === etag ? parseRange(req.headers.range, file.size) : undefined;
    if (range === null) {
      res
        .status(HTTP_STATUS.RANGE_NOT_SATISFIABLE)
        .setHeader('content-range', `bytes */${file.size}`)
        .json({
          error: {
            code: 'RANGE_NOT_SATISFIABLE' satisfies ErrorCode,
            message: t(locale, 'materials:errors.rangeNotSatisfiable', { count: file.size }),
          },
        });
      return;
    }
    const body = await this.storage.read(file.storageKey, range);
    res.setHeader(
      'content-type',
      file.contentType.startsWith('text/') ? `${file.contentType}; charset=utf-8` : file.contentType,
    );
    if (range) {
      res.status(206);
      res.setHeader('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
      res.setHeader('content-length', String(range.end - range.start + 1));
    } else {
      res.status(200);
      res.setHeader('content-length', String(file.size));
    }
    if (req.method === 'HEAD') {
      body.destroy();
      res.end();
      return;
    }
    await pipeline(body, res).catch(() => res.destroy());
  }
}

/**
 * Whether an If-None-Match header names `etag`, as HTTP reads it (RFC 9110, 13.1.2): any of a
 * comma-separated list, compared weakly (a `W/` tag matches its strong twin), or `*`.
 */
function matchesTag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
