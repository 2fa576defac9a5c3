// How the panel names each recurrent cell.
import type { CellType } from '../src/model/lm/types';

export const CELL_LABEL: Record<CellType, string> = { simpleRnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' };
