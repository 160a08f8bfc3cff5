// Builds the `<fileDetails>` XML of one uploaded file (what `POST /fileinfo` sends) from the model, in exact
// schema order, on the same tree and printer as the report (./xml-tree). It never changes what a field
// says: text XML cannot carry is refused by the printer, not cleaned.
import type { FileDetails, FileDetailsDraft } from '../../../shared/cybertip';
import { deviceId, ipCaptureEvent } from './report-xml';
import {
  each,
  element,
  flag,
  flatten,
  leaf,
  printXml,
  requiredLeaf,
  texts,
  type XmlElementNode,
} from './xml-tree';

/** The `<fileDetails>` element tree of a (possibly incomplete) file description, in schema order. */
export function fileDetailsTree(file: FileDetailsDraft): XmlElementNode {
  const annotations = file.fileAnnotations;
  return {
    name: 'fileDetails',
    attributes: {},
    text: '',
    children: flatten([
      leaf('reportId', file.reportId),
      leaf('fileId', file.fileId),
      leaf('fileName', file.fileName),
      leaf('originalFileName', file.originalFileName),
      leaf('uploadedToEspTimestamp', file.uploadedToEspTimestamp),
      leaf('locationOfFile', file.locationOfFile),
      leaf('fileViewedByEsp', file.fileViewedByEsp),
      leaf('exifViewedByEsp', file.exifViewedByEsp),
      leaf('publiclyAvailable', file.publiclyAvailable),
      leaf('fileRelevance', file.fileRelevance),
      leaf('potentialMeme', file.potentialMeme),
      annotations &&
        element('fileAnnotations', {}, [
          flag('animeDrawingVirtualHentai', annotations.animeDrawingVirtualHentai),
          flag('potentialMeme', annotations.potentialMeme),
          flag('viral', annotations.viral),
          flag('possibleSelfProduction', annotations.possibleSelfProduction),
          flag('physicalHarm', annotations.physicalHarm),
          flag('violenceGore', annotations.violenceGore),
          flag('bestiality', annotations.bestiality),
          flag('liveStreaming', annotations.liveStreaming),
          flag('infant', annotations.infant),
          flag('generativeAi', annotations.generativeAi),
        ]),
      leaf('industryClassification', file.industryClassification),
      each(file.originalFileHash, (h) => leaf('originalFileHash', h.value, { hashType: h.hashType })),
      file.ipCaptureEvent && ipCaptureEvent(file.ipCaptureEvent),
      each(file.deviceId, deviceId),
      each(file.details, (d) =>
        element(
          'details',
          { type: d.type },
          each(d.nameValuePair, (pair) =>
            element('nameValuePair', {}, [leaf('name', pair.name), requiredLeaf('value', pair.value)], true),
          ),
        ),
      ),
      texts('additionalInfo', file.additionalInfo),
    ]),
  };
}

/** The XML `POST /fileinfo` sends. Throws XmlCharacterError for text XML cannot carry. */
export function fileDetailsToXml(fileDetails: FileDetails): string {
  return printXml(fileDetailsTree(fileDetails));
}
